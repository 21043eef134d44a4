package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.config.ConfigValue;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.config.DomainType;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.config.VifType;

/**
 * Whole config files shaped like the examples Xen ships (tools/examples: xlexample.pvlinux,
 * .hvm, .pvhlinux, xmexample1, xmexample.hvm, as summarised in the facts sheet; the text
 * here is our own), the bundled demo.cfg, reading from disk, and command-line overrides.
 */
class ExampleConfigsTest {

    @Test
    void xlPvLinuxExample() throws Exception {
        ParsedConfig p = XlConfig.parse("pvlinux.cfg", """
                # A PV Linux guest booted directly from a dom0 kernel.
                name = "sample.pvlinux"
                kernel = "/boot/vmlinuz"
                #ramdisk = "/boot/initrd.img"
                extra = "root=/dev/xvda1"
                memory = 128
                #maxmem = 512
                vcpus = 2
                vif = [ '' ]
                disk = [ '/dev/vg/guest-volume,raw,xvda,rw' ]
                """);
        DomainConfig c = p.config();
        assertEquals("sample.pvlinux", c.name());
        assertEquals(DomainType.PV, c.type());
        assertEquals("root=/dev/xvda1", c.cmdline());
        assertEquals(128, c.memoryMiB());
        assertEquals(128, c.maxmemMiB());
        assertEquals(2, c.vcpus());
        assertEquals(1, c.vifs().size());
        assertEquals(0, c.vifs().getFirst().devid());
        DiskSpec d = c.disks().getFirst();
        assertEquals("/dev/vg/guest-volume", d.target());
        assertEquals(51712, d.vdevNumber());
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void xlHvmExample() throws Exception {
        ParsedConfig p = XlConfig.parse("hvm.cfg", """
                type = "hvm"
                name = "sample.hvm"
                #viridian = 1
                memory = 128
                vcpus = 2
                vif = [ '' ]
                disk = [ '/dev/vg/guest-volume,raw,xvda,rw' ]
                sdl = 1
                #vnc = 1
                """);
        assertEquals(DomainType.HVM, p.config().type());
        assertNull(p.config().kernel());
        assertEquals(new ConfigValue.Num(1), p.config().otherKeys().get("sdl"));
        assertTrue(p.warnings().isEmpty());
    }

    @Test
    void xlPvhExample() throws Exception {
        DomainConfig c = XlConfig.parse("pvh.cfg", """
                type = "pvh"
                name = "sample.pvh"
                kernel = "/boot/vmlinuz"
                extra = "root=/dev/xvda1"
                memory = 512
                vcpus = 4
                vif = [ '' ]
                disk = [ '/dev/zvol/tank/guest-volume,raw,xvda,rw' ]
                """).config();
        assertEquals(DomainType.PVH, c.type());
        assertEquals(4, c.vcpus());
        assertEquals("/dev/zvol/tank/guest-volume", c.disks().getFirst().target());
    }

    @Test
    void xmPvExample() throws Exception {
        ParsedConfig p = XlConfig.parse("xmexample1", """
                # xm-era PV guest
                kernel = "/boot/vmlinuz-2.6.10-xenU"
                memory = 64
                name = "SampleDomain"
                vif = [ '' ]
                disk = [ 'phy:hda1,hda1,w' ]
                root = "/dev/hda1 ro"
                extra = "4"
                #on_poweroff = 'destroy'
                #on_reboot   = 'restart'
                #on_crash    = 'restart'
                #vfb = [ 'vnc=1,vnclisten=127.0.0.1,vncdisplay=1' ]
                """);
        DomainConfig c = p.config();
        assertEquals("root=/dev/hda1 ro 4", c.cmdline());
        DiskSpec d = c.disks().getFirst();
        assertEquals("hda1", d.target());
        assertEquals("hda1", d.vdev());
        assertEquals(769, d.vdevNumber());
        assertEquals(DiskAccess.READ_WRITE, d.access());
        assertEquals(LifecycleAction.DESTROY, c.onCrash(), "xl's default, not xend's restart");
    }

    @Test
    void xmHvmExample() throws Exception {
        ParsedConfig p = XlConfig.parse("xmexample.hvm", """
                kernel = "hvmloader"
                builder = 'hvm'
                memory = 128
                name = "SampleHVMDomain"
                vif = [ 'type=ioemu, bridge=xenbr0' ]
                disk = [ 'file:/var/images/min-el3-i386.img,hda,w', ',hdc:cdrom,r' ]
                device_model = 'qemu-dm'
                sdl = 0
                vnc = 1
                vncpasswd = ''
                stdvga = 0
                serial = 'pty'
                #boot = "cda"
                """);
        DomainConfig c = p.config();
        assertEquals(DomainType.HVM, c.type());
        assertEquals(VifType.IOEMU, c.vifs().getFirst().type());
        assertEquals("xenbr0", c.vifs().getFirst().bridge());
        assertEquals(2, c.disks().size());
        DiskSpec cdrom = c.disks().get(1);
        assertEquals(DiskDeviceType.CDROM, cdrom.devtype());
        assertEquals(DiskFormat.EMPTY, cdrom.format());
        assertEquals(5632, cdrom.vdevNumber());
        assertEquals(List.of("device_model", "sdl", "vnc", "vncpasswd", "stdvga", "serial"),
                List.copyOf(c.otherKeys().keySet()));
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void bundledDemoConfig() throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/examples/demo.cfg")) {
            assertNotNull(in, "examples/demo.cfg is on the classpath");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParsedConfig p = XlConfig.parse("demo.cfg", text);
        DomainConfig c = p.config();
        assertEquals("demo", c.name());
        assertEquals(DomainType.PV, c.type());
        assertEquals("../../../../../guest/images/hello.elf", c.kernel());
        assertEquals(32, c.memoryMiB());
        assertEquals(1, c.vcpus());
        assertEquals(1, c.disks().size());
        DiskSpec d = c.disks().getFirst();
        assertEquals(DiskFormat.VHD, d.format());
        assertEquals("xvda", d.vdev());
        assertEquals(DiskAccess.READ_WRITE, d.access());
        assertEquals("demo.vhd", d.target());
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("web.cfg");
        Files.writeString(good, "name = 'web'\nkernel = '/k'\nmemory = 48\n");
        assertEquals(48, XlConfig.parseFile(good, List.of()).config().memoryMiB());

        Path bad = dir.resolve("bad.cfg");
        Files.writeString(bad, "name = 'web'\nkernel = '/k'\nmemory = -4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> XlConfig.parseFile(bad, List.of()));
        assertEquals(bad.toString(), e.source());
        assertEquals(3, e.line());
        assertEquals(10, e.column());

        Path latin1 = dir.resolve("latin1.cfg");
        Files.write(latin1, new byte[] {'n', 'a', 'm', 'e', '=', '\'', (byte) 0xe9, '\''});
        assertEquals(latin1 + ":1:1: expected a UTF-8 text file, found bytes that are not UTF-8",
                assertThrows(ConfigException.class, () -> XlConfig.parseFile(latin1, List.of())).getMessage());
    }

    @Test
    void commandLineOverridesReplaceAndAppend() throws Exception {
        String file = "name = 'base'\nkernel = '/k'\nmemory = 64\ndisk = ['/a,raw,xvda']\n";
        ParsedConfig p = XlConfig.parse("f.cfg", file, List.of("memory=256", "name=\"copy\"",
                "disk+=['/b,raw,xvdb']", "vcpus = 2; maxvcpus = 4", "extra=console=hvc0 quiet"));
        DomainConfig c = p.config();
        assertEquals(256, c.memoryMiB());
        assertEquals("copy", c.name());
        assertEquals(List.of("xvda", "xvdb"), c.disks().stream().map(DiskSpec::vdev).toList());
        assertEquals(4, c.maxvcpus());
        assertEquals("console=hvc0 quiet", c.cmdline());
        assertTrue(p.warnings().isEmpty(), "overriding a key is not worth a warning: " + p.warnings());
    }

    @Test
    void xmStyleBareWordOverride() throws Exception {
        DomainConfig c = XlConfig.parse("f.cfg", "kernel = '/k'\n", List.of("name=plain-word")).config();
        assertEquals("plain-word", c.name());
    }

    @Test
    void badOverridesNameTheCommandLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> XlConfig.parse("f.cfg",
                "name='n'\nkernel='/k'\n", List.of("vcpus=2", "memory=lots")));
        assertEquals(XlConfig.COMMAND_LINE, e.source());
        assertEquals(2, e.line());
        assertEquals(8, e.column());
        assertEquals("<command line>:2:8: 'memory': expected a memory size in MiB (an integer), found string \"lots\"",
                e.getMessage());
        assertEquals("<command line>:1:1: expected key=value, found 'memory'", assertThrows(ConfigException.class,
                () -> XlConfig.parse("f.cfg", "name='n'\nkernel='/k'\n", List.of("memory"))).getMessage());
        assertEquals("<command line>:1:12: 'disk': expected ',' or ']' in the list opened at 1:7, found 'b'",
                assertThrows(ConfigException.class, () -> XlConfig.parse("f.cfg", "name='n'\nkernel='/k'\n",
                        List.of("disk+=['a' b]"))).getMessage());
    }
}
