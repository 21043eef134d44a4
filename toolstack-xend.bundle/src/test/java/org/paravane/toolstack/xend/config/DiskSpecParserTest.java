package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;

/**
 * DISKSPEC strings in the spirit of xl-disk-configuration(5): the equivalence groups of
 * its synopsis, the deprecated prefixes, cdroms, keyword parameters and the errors.
 */
class DiskSpecParserTest {

    private static DiskSpec parse(String spec) throws SpecException {
        return DiskSpecParser.parse(spec);
    }

    private static String error(String spec) {
        return assertThrows(SpecException.class, () -> parse(spec)).getMessage();
    }

    /** The four ways the manual writes one raw read-write disk on hda. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/srv/vg0/web-root,,hda",
        "/srv/vg0/web-root,raw,hda,rw",
        "format=raw, vdev=hda, access=rw, target=/srv/vg0/web-root",
        "raw:/srv/vg0/web-root,hda,w",
        "vdev=hda,target=/srv/vg0/web-root",
        "  /srv/vg0/web-root , raw,hda",
    })
    void equivalentRawDiskSpellings(String spec) throws Exception {
        DiskSpec d = parse(spec.replace(" , ", ","));
        assertEquals("/srv/vg0/web-root", d.target());
        assertEquals(DiskFormat.RAW, d.format());
        assertEquals("hda", d.vdev());
        assertEquals(768, d.vdevNumber());
        assertEquals(DiskAccess.READ_WRITE, d.access());
        assertEquals(DiskDeviceType.DISK, d.devtype());
        assertEquals(DiskBackendType.AUTO, d.backendType());
        assertNull(d.script());
    }

    /** The three ways the manual writes one cdrom image on hdc. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/isos/installer-12.iso,,hdc,cdrom",
        "/isos/installer-12.iso,,hdc,,cdrom",
        "/isos/installer-12.iso,raw,hdc,devtype=cdrom",
        "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/isos/installer-12.iso",
        "raw:/isos/installer-12.iso,hdc:cdrom,ro",
        ",,hdc,cdrom,target=/isos/installer-12.iso",
    })
    void equivalentCdromSpellings(String spec) throws Exception {
        DiskSpec d = parse(spec);
        assertEquals("/isos/installer-12.iso", d.target());
        assertEquals(DiskFormat.RAW, d.format());
        assertEquals("hdc", d.vdev());
        assertEquals(5632, d.vdevNumber());
        assertEquals(DiskDeviceType.CDROM, d.devtype());
        assertEquals(DiskAccess.READ_ONLY, d.access(), "a cdrom defaults to read-only");
        assertTrue(d.cdrom());
        assertTrue(d.readOnly());
    }

    @ParameterizedTest
    @ValueSource(strings = {",hdc:cdrom,r", "vdev=hdc,devtype=cdrom", "hdc:cdrom", "vdev=hdc, cdrom, target="})
    void emptyCdromDrive(String spec) throws Exception {
        DiskSpec d = parse(spec.equals("hdc:cdrom") ? "," + spec : spec);
        assertEquals("", d.target());
        assertEquals(DiskFormat.EMPTY, d.format());
        assertEquals("hdc", d.vdev());
        assertEquals(DiskDeviceType.CDROM, d.devtype());
        assertEquals(DiskAccess.READ_ONLY, d.access());
    }

    @Test
    void theDemoDisk() throws Exception {
        DiskSpec d = parse("format=vhd, vdev=xvda, access=rw, target=demo.vhd");
        assertEquals(new DiskSpec("demo.vhd", DiskFormat.VHD, "xvda", 51712, DiskAccess.READ_WRITE,
                DiskDeviceType.DISK, DiskBackendType.AUTO, null, null, DiskSpecification.XEN,
                false, true, true, Map.of()), d);
    }

    @Test
    void targetSwallowsCommasColonsAndTrailingSpaces() throws Exception {
        DiskSpec d = parse("vdev=xvdb, format=qcow2, target=/imgs/a,b:c/disk.qcow2  ");
        assertEquals("/imgs/a,b:c/disk.qcow2  ", d.target());
        assertEquals(DiskFormat.QCOW2, d.format());
        assertEquals("xvda", parse("vdev=xvda,target=/x,").vdev());
        assertEquals("/x", parse("vdev=xvda,target=/x,").target());
        assertEquals("/x,,", parse("vdev=xvda,target=/x,,,").target());
    }

    @Test
    void everyFormat() throws Exception {
        for (DiskFormat f : DiskFormat.values()) {
            if (f == DiskFormat.EMPTY) {
                continue;
            }
            assertEquals(f, parse("/img," + f.configName() + ",xvda").format());
            assertEquals(f, parse("format=" + f.configName() + ",vdev=xvda,target=/img").format());
        }
    }

    @Test
    void accessSpellings() throws Exception {
        assertEquals(DiskAccess.READ_ONLY, parse("/i,raw,xvda,r").access());
        assertEquals(DiskAccess.READ_ONLY, parse("/i,raw,xvda,ro").access());
        assertEquals(DiskAccess.READ_WRITE, parse("/i,raw,xvda,w").access());
        assertEquals(DiskAccess.READ_WRITE, parse("/i,raw,xvda,rw").access());
        assertEquals(DiskAccess.READ_ONLY, parse("access=ro,vdev=xvda,target=/i").access());
        assertEquals(DiskAccess.READ_WRITE, parse("/i,raw,xvda,").access());
        assertEquals(DiskAccess.READ_WRITE, parse("/i,raw,xvda,,").access());
        assertEquals(DiskAccess.READ_WRITE, parse("access=,vdev=xvda,target=/i").access());
    }

    @Test
    void xmStylePrefixesAreStrippedOrMapped() throws Exception {
        DiskSpec phy = parse("phy:hda1,hda1,w");
        assertEquals("hda1", phy.target());
        assertEquals("hda1", phy.vdev());
        assertEquals(769, phy.vdevNumber());
        assertEquals(DiskAccess.READ_WRITE, phy.access());
        assertEquals(DiskFormat.RAW, phy.format());

        DiskSpec file = parse("file:/var/images/min-el3-i386.img,hda,w");
        assertEquals("/var/images/min-el3-i386.img", file.target());
        assertEquals("hda", file.vdev());

        DiskSpec tapAio = parse("tap:aio:/srv/guest.img,xvda,w");
        assertEquals("/srv/guest.img", tapAio.target());
        assertEquals(DiskFormat.RAW, tapAio.format());

        DiskSpec tapVhd = parse("tap:vhd:/srv/guest.vhd,xvda,w");
        assertEquals(DiskFormat.VHD, tapVhd.format());
        assertEquals("/srv/guest.vhd", tapVhd.target());

        assertEquals(DiskFormat.QCOW2, parse("qcow2:/g.qcow2,xvda,r").format());
        assertEquals(DiskFormat.QCOW, parse("tap2:qcow:/g.qcow,xvda,r").format());
        assertEquals(DiskFormat.RAW, parse("tapdisk:ioemu:/g,xvda").format());
    }

    @Test
    void xmFourAndFiveFieldForms() throws Exception {
        DiskSpec four = parse("phy:/dev/vg/a,xvda,w,storage-dom");
        assertEquals("storage-dom", four.backendDomain());
        assertEquals(DiskAccess.READ_WRITE, four.access());
        DiskSpec five = parse("file:/img,xvdb,r,,x86_32-abi");
        assertNull(five.backendDomain());
        assertEquals(Map.of("protocol", "x86_32-abi"), five.otherKeys());
        assertEquals("too many positional parameters at 'more': expected at most target, format, vdev, access",
                error("file:/img,xvdb,r,dom,abi,more"));
        assertEquals("too many positional parameters at 'dom': expected at most target, format, vdev, access",
                error("/img,raw,xvdb,r,dom"));
    }

    @Test
    void scriptPrefixesBecomeBlockScripts() throws Exception {
        DiskSpec iscsi = parse("iscsi:iqn.2001-05.com.example:storage.disk1,xvdb,w");
        assertEquals("block-iscsi", iscsi.script());
        assertEquals("iqn.2001-05.com.example:storage.disk1", iscsi.target());
        assertEquals("xvdb", iscsi.vdev());
        assertEquals("block-nbd", parse("nbd:10.0.0.5 9000,xvda,w").script());
        assertEquals("block-enbd", parse("enbd:host,xvda").script());
        assertEquals("block-drbd", parse("drbd:r0,xvda").script());
        assertEquals("block-iscsi", parse("vdev=xvdb, script=block-iscsi, target=iqn.x:lun0").script());
    }

    @Test
    void keywordsAndFlags() throws Exception {
        DiskSpec d = parse("backend=stor0, backendtype=qdisk, specification=virtio, direct-io-safe, "
                + "no-discard, untrusted, colo, colo-host=10.1.1.1, colo-port=9000, grant_usage=1, "
                + "devtype=disk, vdev=sdb, target=/srv/d");
        assertEquals("stor0", d.backendDomain());
        assertEquals(DiskBackendType.QDISK, d.backendType());
        assertEquals(DiskSpecification.VIRTIO, d.specification());
        assertTrue(d.directIoSafe());
        assertFalse(d.discard());
        assertFalse(d.trusted());
        assertEquals(Map.of("colo", "1", "colo-host", "10.1.1.1", "colo-port", "9000", "grant_usage", "1"),
                d.otherKeys());
        assertEquals(2064, d.vdevNumber());
        assertEquals(DiskBackendType.PHY, parse("/dev/sdz,raw,xvda,backendtype=phy").backendType());
        assertEquals(DiskBackendType.TAP, parse("/i.vhd,vhd,xvda,backendtype=tap").backendType());
        assertEquals(DiskBackendType.STANDALONE, parse("/i,,xvda,backendtype=standalone").backendType());
    }

    @Test
    void keywordsMayComeBeforeAndBetweenPositionals() throws Exception {
        DiskSpec d = parse("devtype=cdrom, /iso/a.iso, raw, hdd");
        assertEquals("/iso/a.iso", d.target());
        assertEquals(DiskDeviceType.CDROM, d.devtype());
        assertEquals(5696, d.vdevNumber());
    }

    @Test
    void sameValueTwiceIsFineDifferentIsNot() throws Exception {
        assertEquals(DiskFormat.VHD, parse("format=vhd,vdev=xvda,format=vhd,target=/i").format());
        assertEquals("format respecified: 'qcow2' after 'vhd'", error("format=vhd,format=qcow2,vdev=xvda,target=/i"));
        assertEquals("vdev respecified: 'xvdb' after 'xvda'", error("/i,raw,xvda,vdev=xvdb"));
        assertEquals("target respecified: '/j' after '/i'", error("/i,,xvda,target=/j"));
        assertEquals("script respecified: 'block-x' after 'block-iscsi'", error("iscsi:t,xvda,script=block-x"));
        assertEquals("backendtype respecified: 'tap'", error("backendtype=phy,backendtype=tap,/i,,xvda"));
    }

    @Test
    void formatSetByKeywordSkipsTheFormatSlotAsInXl() throws Exception {
        DiskSpec d = parse("format=vhd,/i,xvda,r");
        assertEquals("xvda", d.vdev());
        assertEquals(DiskAccess.READ_ONLY, d.access());
    }

    @Test
    void errorsSayWhatWasExpected() {
        assertEquals("unknown value for format 'vmdk': expected raw, qcow, qcow2, vhd, qed or empty",
                error("/i,vmdk,xvda"));
        assertEquals("unknown value for access 'rx': expected r, ro, w or rw", error("/i,raw,xvda,rx"));
        assertEquals("unknown value for devtype 'floppy': expected cdrom or disk", error("/i,,xvda,devtype=floppy"));
        assertEquals("unknown value for backendtype 'nfs': expected phy, qdisk, standalone or tap",
                error("/i,,xvda,backendtype=nfs"));
        assertEquals("unknown value for specification 'scsi': expected xen or virtio",
                error("/i,,xvda,specification=scsi"));
        assertEquals("unknown value for grant_usage '2': expected 0 or 1", error("/i,,xvda,grant_usage=2"));
        assertEquals("unknown value for colo-port 'x': expected a port number 1-65535", error("/i,,xvda,colo-port=x"));
        assertTrue(error("/i,,xvda,size=10G").startsWith("unknown parameter 'size=10G': expected target, format"));
        assertEquals("too many positional parameters at 'extra': expected at most target, format, vdev, access",
                error("/i,raw,xvda,rw,extra"));
        assertTrue(error("/i,raw").startsWith("missing vdev in disk spec '/i,raw'"));
        assertTrue(error("").startsWith("missing vdev"));
        assertEquals("missing target in disk spec 'vdev=xvda': only a cdrom may be empty", error("vdev=xvda"));
        assertEquals("unknown deprecated type 'tape' after the vdev: expected cdrom or disk", error("/i,raw,hdc:tape"));
        assertTrue(error("nfs:/export/x,xvda").startsWith("unknown deprecated disk prefix 'nfs:'"));
        assertEquals("backendtype phy supports only format raw, not vhd", error("/i.vhd,vhd,xvda,backendtype=phy"));
        assertEquals("format empty with target '/i': expected no target", error("/i,empty,xvda"));
        assertTrue(error("/i,,xvda9z").startsWith("invalid vdev 'xvda9z'"));
    }
}
