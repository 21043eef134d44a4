package org.paravane.toolstack.xend.xl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.backend.vhd.Vhd;
import org.paravane.backend.vhd.VhdBackend;
import org.paravane.backend.vhd.VhdCreator;
import org.paravane.core.blkback.VbdManager;
import org.paravane.toolstack.xend.xl.XlBlockListFormat;
import org.paravane.toolstack.xend.xmlrpc.CoreFixture;

/**
 * xl's disk lines and block-* commands on the real core (hypervisor with the RISC-V
 * engine, builder, xenstored, xenconsoled, blkback) and the real VHD backend on real files.
 */
class XlDiskCommandsTest {

    private static final Path ROOT = Path.of(System.getProperty("paravane.root", "..")).toAbsolutePath();
    private static final Path DISKTEST = ROOT.resolve("guest/images/disktest.elf").normalize();
    private static final Path HELLO = ROOT.resolve("guest/images/hello.elf").normalize();
    private static final Pattern CREATED = Pattern.compile("Domain (\\d+) \\((\\S+)\\) created");

    @TempDir
    Path tmp;

    private CoreFixture core;
    private DomainControl control;
    private VbdManager vbd;
    private XlCommands xl;

    @BeforeEach
    void wire() throws Exception {
        core = CoreFixture.withDisks(tmp, 96L);
        control = core.control();
        vbd = core.vbd();
        xl = new XlCommands(core.builder(), control, core.hostControl(), core.xenstore());
        xl.setVbd(vbd);
    }

    @AfterEach
    void stop() {
        if (xl != null) {
            xl.deactivate();
        }
        if (core != null) {
            core.close();
        }
    }

    private Path cfg(String name, String text) throws Exception {
        Path f = tmp.resolve("cfgs").resolve(name + ".cfg");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private Path vhd(String relative, long size) throws Exception {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        VhdCreator.createDynamic(p, size, Vhd.DEFAULT_BLOCK_SIZE);
        return p;
    }

    private static int domid(String out) {
        Matcher m = CREATED.matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
    }


    /** Word 0 of a sector as disktest writes it: the sector number (little-endian). */
    private static long word0(VhdBackend backend, Path image, long sector) throws Exception {
        try (var disk = backend.open(new BlockOpenRequest(image.toString(), VhdBackend.FORMAT, true, Map.of()))) {
            MemorySegment buf = Arena.ofAuto().allocate(512);
            disk.read(sector, List.of(buf)).toCompletableFuture().get();
            return buf.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        }
    }

    @Test
    void diskLineIsAttachedBeforeBootTheGuestVerifiesItAndDestroyDetaches() throws Exception {
        Path image = vhd("cfgs/d.vhd", 2 << 20);
        Path f = cfg("dt", "name='dt'\nkernel='" + DISKTEST + "'\nmemory=32\nextra='disktest size=1M passes=1 seed=5'\n"
                + "disk=['format=vhd, vdev=xvda, access=rw, target=d.vhd']\non_poweroff='preserve'\n");
        String out = xl.create(f.toString());
        int domid = domid(out);
        String list = xl.blocklist("dt");
        String[] lines = list.split("\n");
        assertEquals(XlBlockListFormat.HEADER, lines[0]);
        assertEquals(2, lines.length, list);
        assertTrue(lines[1].matches("51712 +0 +" + domid + " +\\d +-?\\d+ +-?\\d+ +/local/domain/0/backend/vbd/"
                + domid + "/51712 *"), lines[1]);
        VbdInfo v = vbd.list(domid).getFirst();
        assertEquals(image.toString(), v.target());

        String log = core.awaitConsoleLog("dt", domid, "disktest: OK");
        assertTrue(log.contains("disktest: OK bytes=1048576"), log);
        xl.destroy(Integer.toString(domid));
        assertTrue(vbd.list(domid).isEmpty(), vbd.list().toString());
        assertTrue(control.info(domid).isEmpty());
        // the guest's pattern is in the file: word 0 of each sector is its number
        VhdBackend backend = new VhdBackend();
        assertEquals(0, word0(backend, image, 0));
        assertEquals(2047, word0(backend, image, 2047));
    }

    @Test
    void blockAttachListDetachOnAPausedDomain() throws Exception {
        Path image = vhd("b.vhd", 1 << 20);
        Path f = cfg("h", "name='h'\nkernel='" + HELLO + "'\nmemory=16\non_poweroff='preserve'\n");
        int domid = domid(xl.create("-p", f.toString()));
        assertEquals(XlBlockListFormat.HEADER, xl.blocklist("h"));

        assertEquals("", xl.blockattach("h", "format=vhd,vdev=xvdb,access=rw,target=" + image));
        String list = xl.blocklist(Integer.toString(domid));
        assertTrue(list.contains("\n51728 "), list);
        assertTrue(list.contains("/local/domain/0/backend/vbd/" + domid + "/51728"), list);
        // xm's form: BACKDEV FRONTDEV MODE, the format from the uname prefix
        Path second = vhd("c.vhd", 1 << 20);
        xl.blockattach("h", "tap:vhd:" + second, "xvdc", "r");
        assertEquals("vhd", vbd.find(domid, 51744).orElseThrow().format());
        assertEquals(2, vbd.list(domid).size());
        assertTrue(vbd.find(domid, 51744).orElseThrow().readOnly());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> xl.blockdetach("h", "xvdz"));
        assertEquals("xl block-detach: domain " + domid + " (h) has no disk 'xvdz'", e.getMessage());
        xl.blockdetach("h", "xvdb", "-f");
        xl.blockdetach("h", "51744", "-f");
        assertEquals(XlBlockListFormat.HEADER, xl.blocklist("h"));

        e = assertThrows(IllegalArgumentException.class, () -> xl.blockattach("h", "format=vhd,vdev=xvdb,target=rel.vhd"));
        assertTrue(e.getMessage().contains("target 'rel.vhd' is a relative path"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> xl.blockattach("h", "format=vhd,vdev=xvdb,bogus"));
        assertTrue(e.getMessage().startsWith("xl block-attach: disk spec 'format=vhd,vdev=xvdb,bogus': "),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> xl.blockattach("h",
                "format=vhd,vdev=xvdb,target=" + tmp.resolve("missing.vhd")));
        assertTrue(e.getMessage().contains("missing.vhd"), e.getMessage());
        assertTrue(vbd.list(domid).isEmpty());
        e = assertThrows(IllegalArgumentException.class, () -> xl.blocklist("nosuch"));
        assertTrue(e.getMessage().contains("'nosuch' does not exist"), e.getMessage());
        xl.destroy("h");
    }

    @Test
    void aMissingImageFailsNamingTheDiskAndLeavesNoDomain() throws Exception {
        Path f = cfg("bad", "name='bad'\nkernel='" + HELLO + "'\nmemory=16\n"
                + "disk=['format=vhd, vdev=xvda, access=rw, target=ok.vhd', 'format=vhd, vdev=xvdb, target=nope.vhd']\n");
        vhd("cfgs/ok.vhd", 1 << 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> xl.create(f.toString()));
        assertTrue(e.getMessage().startsWith(f + ": domain 'bad': disk xvdb (target '"
                + tmp.resolve("cfgs/nope.vhd") + "'): "), e.getMessage());
        assertEquals(List.of(0), control.list().stream().map(DomainInfo::domid).toList());
        assertTrue(vbd.list().isEmpty(), vbd.list().toString()); // xvda was attached, then detached again

        Path syntax = cfg("syntax", "name='s'\nkernel='" + HELLO + "'\ndisk=['format=vhd, vdev=, target=x.vhd']\n");
        e = assertThrows(IllegalArgumentException.class, () -> xl.create(syntax.toString()));
        assertTrue(e.getMessage().startsWith(syntax + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("disk"), e.getMessage());
        assertEquals(1, control.list().size());
    }

    @Test
    void restartReattachesTheDisksToTheNewDomain() throws Exception {
        vhd("cfgs/r.vhd", 1 << 20);
        Path f = cfg("r", "name='r'\nkernel='" + HELLO + "'\nmemory=16\non_reboot='restart'\non_poweroff='preserve'\n"
                + "disk=['format=vhd, vdev=xvda, access=rw, target=r.vhd']\n");
        int first = domid(xl.create("-p", f.toString()));
        assertEquals(1, vbd.list(first).size());
        xl.reboot("r");
        long end = System.nanoTime() + 60_000_000_000L;
        while (!xl.dmesg().contains("restarted as d") && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        int second = xl.domid("r"); // the allocator may hand out the old domid again
        assertTrue(xl.dmesg().contains("on_reboot=restart: restarted as d" + second), xl.dmesg());
        // the old domain's device went, the new one's came: one device, attached to a live
        // domain, its frontend directory fresh (state Initialising, written at attach)
        assertEquals(List.of(51712), vbd.list().stream().map(VbdInfo::devid).toList(), vbd.list().toString());
        assertEquals(second, vbd.list().getFirst().domid());
        assertEquals(tmp.resolve("cfgs/r.vhd").toString(), vbd.list().getFirst().target());
        assertTrue(core.xenstore().exists(vbd.list().getFirst().frontendPath()));
        xl.destroy("r");
        assertTrue(vbd.list().isEmpty(), vbd.list().toString());
    }
}
