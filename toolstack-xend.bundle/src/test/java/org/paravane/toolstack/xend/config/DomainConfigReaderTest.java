package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.paravane.api.config.ConfigValue;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.config.DomainType;
import org.paravane.api.config.LifecycleAction;

/** Typed keys, defaults, and the error for every invalid value. */
class DomainConfigReaderTest {

    private static final String BASE = "name = 'g'\nkernel = '/k'\n";

    private static ParsedConfig parse(String text) throws ConfigException {
        return XlConfig.parse("g.cfg", text);
    }

    private static DomainConfig config(String text) throws ConfigException {
        return parse(BASE + text).config();
    }

    private static ConfigException error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text));
    }

    @Test
    void minimalConfigGetsXlDefaults() throws Exception {
        DomainConfig c = config("");
        assertEquals("g", c.name());
        assertNull(c.uuid());
        assertEquals(DomainConfigReader.DEFAULT_MEMORY_MIB, c.memoryMiB());
        assertEquals(c.memoryMiB(), c.maxmemMiB());
        assertEquals(1, c.vcpus());
        assertEquals(1, c.maxvcpus());
        assertEquals(DomainType.PV, c.type());
        assertEquals("", c.cmdline());
        assertEquals(LifecycleAction.DESTROY, c.onPoweroff());
        assertEquals(LifecycleAction.RESTART, c.onReboot());
        assertEquals(LifecycleAction.DESTROY, c.onCrash());
        assertTrue(c.disks().isEmpty());
        assertTrue(c.vifs().isEmpty());
        assertTrue(c.otherKeys().isEmpty());
    }

    @Test
    void typedKeysAreRead() throws Exception {
        DomainConfig c = config("uuid = '0123abcd-89ab-cdef-0123-456789ABCDEF'\nmemory = 256\nmaxmem = 0x400\n"
                + "vcpus = 2\nmaxvcpus = 4\nramdisk = '/initrd'\ntype = 'pvh'\n"
                + "on_poweroff = 'preserve'\non_reboot = 'rename-restart'\non_crash = 'coredump-restart'\n");
        assertEquals(UUID.fromString("0123abcd-89ab-cdef-0123-456789abcdef"), c.uuid());
        assertEquals(256, c.memoryMiB());
        assertEquals(1024, c.maxmemMiB());
        assertEquals(2, c.vcpus());
        assertEquals(4, c.maxvcpus());
        assertEquals("/k", c.kernel());
        assertEquals("/initrd", c.ramdisk());
        assertEquals(DomainType.PVH, c.type());
        assertEquals(LifecycleAction.PRESERVE, c.onPoweroff());
        assertEquals(LifecycleAction.RENAME_RESTART, c.onReboot());
        assertEquals(LifecycleAction.COREDUMP_RESTART, c.onCrash());
    }

    @Test
    void numbersMayBeWrittenAsStrings() throws Exception {
        DomainConfig c = config("memory = '64'\nvcpus = \"2\"\n");
        assertEquals(64, c.memoryMiB());
        assertEquals(2, c.vcpus());
    }

    @Test
    void xendActionAliasesAndEveryXlAction() throws Exception {
        assertEquals(LifecycleAction.COREDUMP_DESTROY, config("on_crash = 'coredump_and_destroy'").onCrash());
        assertEquals(LifecycleAction.RENAME_RESTART, config("on_crash = 'rename_restart'").onCrash());
        for (LifecycleAction a : LifecycleAction.values()) {
            assertEquals(a, config("on_reboot = '" + a.configName() + "'").onReboot());
        }
    }

    @Test
    void legacyRestartKeySetsDefaults() throws Exception {
        DomainConfig always = config("restart = 'always'");
        assertEquals(List.of(LifecycleAction.RESTART, LifecycleAction.RESTART, LifecycleAction.RESTART),
                List.of(always.onPoweroff(), always.onReboot(), always.onCrash()));
        DomainConfig never = config("restart = 'never'\non_crash = 'preserve'");
        assertEquals(List.of(LifecycleAction.DESTROY, LifecycleAction.DESTROY, LifecycleAction.PRESERVE),
                List.of(never.onPoweroff(), never.onReboot(), never.onCrash()));
        assertEquals(LifecycleAction.RESTART, config("restart = 'onreboot'").onReboot());
        assertEquals("g.cfg:3:11: 'restart': expected restart \"onreboot\", \"always\" or \"never\", found \"sometimes\"",
                error(BASE + "restart = 'sometimes'").getMessage());
    }

    @Test
    void cmdlineWinsOverRootAndExtraWithWarnings() throws Exception {
        ParsedConfig p = parse(BASE + "root = '/dev/xvda1'\nextra = 'quiet'\ncmdline = 'console=hvc0'\n");
        assertEquals("console=hvc0", p.config().cmdline());
        assertEquals(List.of("g.cfg:3:1: warning: 'root': ignored because 'cmdline' is set",
                "g.cfg:4:1: warning: 'extra': ignored because 'cmdline' is set"),
                p.warnings().stream().map(Object::toString).toList());
    }

    @Test
    void rootAndExtraBuildTheCommandLine() throws Exception {
        assertEquals("root=/dev/hda1 ro 4", config("root = '/dev/hda1 ro'\nextra = '4'").cmdline());
        assertEquals("root=/dev/xvda1", config("root = '/dev/xvda1'").cmdline());
        assertEquals("root=/dev/xvda1 console=hvc0", config("extra = 'root=/dev/xvda1 console=hvc0'").cmdline());
        assertEquals("single", config("extra = 'single'").cmdline());
    }

    @Test
    void builderIsTheOldWayToSayType() throws Exception {
        assertEquals(DomainType.HVM, config("builder = 'hvm'").type());
        assertEquals(DomainType.PV, config("builder = 'generic'").type());
        assertEquals(DomainType.PV, config("builder = 'linux'").type());
        ParsedConfig p = parse(BASE + "builder = 'hvm'\ntype = 'pv'\n");
        assertEquals(DomainType.PV, p.config().type());
        assertEquals("g.cfg:3:1: warning: 'builder': deprecated and ignored because 'type' is set",
                p.warnings().getFirst().toString());
        assertEquals("g.cfg:3:11: 'builder': expected builder \"generic\", \"linux\" or \"hvm\", found \"xen\"",
                error(BASE + "builder = 'xen'").getMessage());
    }

    @Test
    void hvmNeedsNoKernel() throws Exception {
        DomainConfig c = parse("name = 'h'\ntype = 'hvm'\n").config();
        assertEquals(DomainType.HVM, c.type());
        assertNull(c.kernel());
        assertEquals(DomainType.PV, parse("name='p'\nbootloader='pygrub'").config().type());
    }

    @Test
    void unknownKeysWarnAndAreKept() throws Exception {
        ParsedConfig p = parse(BASE + "frobnicate = [1, 'two']\nvnc = 1\non_watchdog = 'preserve'\n");
        assertEquals(List.of("g.cfg:3:1: warning: 'frobnicate': unknown key (kept, not used)"),
                p.warnings().stream().map(Object::toString).toList());
        assertEquals(List.of("frobnicate", "vnc", "on_watchdog"), List.copyOf(p.config().otherKeys().keySet()));
        assertEquals(new ConfigValue.ListOf(List.of(new ConfigValue.Num(1), new ConfigValue.Str("two"))),
                p.config().otherKeys().get("frobnicate"));
    }

    @Test
    void xmVcpuAvailIsTheOnlineMask() throws Exception {
        DomainConfig c = config("vcpus = 4\nvcpu_avail = 3\n");
        assertEquals(2, c.vcpus());
        assertEquals(4, c.maxvcpus());
        assertEquals("g.cfg:4:14: 'vcpu_avail': expected a bitmask of at most 4 bits (the vCPU maximum), found 16",
                error(BASE + "vcpus = 4\nvcpu_avail = 16\n").getMessage());
    }

    @Test
    void missingName() {
        ConfigException e = error("memory = 64\nkernel='/k'");
        assertEquals("g.cfg:1:1: 'name': missing mandatory key: expected name = \"<domain name>\"", e.getMessage());
        assertEquals("name", e.key());
        assertEquals("g.cfg", e.source());
    }

    @Test
    void badNames() {
        assertEquals("g.cfg:1:8: 'name': expected a non-empty domain name without control characters, "
                + "found string \"\"", error("name = ''\nkernel='/k'").getMessage());
        assertEquals("g.cfg:1:8: 'name': expected a quoted string, found a list",
                error("name = ['a']\nkernel='/k'").getMessage());
        assertTrue(error("name = 'a\\nb'\nkernel='/k'").getMessage().contains("control characters"));
    }

    @Test
    void memoryMustBePositive() {
        ConfigException zero = error(BASE + "memory = 0\n");
        assertEquals("g.cfg:3:10: 'memory': expected a memory size in MiB from 1 to 2147483648, found 0",
                zero.getMessage());
        assertEquals(3, zero.line());
        assertEquals(10, zero.column());
        assertEquals("memory", zero.key());
        assertEquals("g.cfg:3:10: 'memory': expected a memory size in MiB (an integer), found string \"lots\"",
                error(BASE + "memory = 'lots'\n").getMessage());
        assertEquals("g.cfg:3:10: 'memory': expected a memory size in MiB (an integer), found a list",
                error(BASE + "memory = [64]\n").getMessage());
    }

    @Test
    void maxmemBelowMemory() {
        assertEquals("g.cfg:4:10: 'maxmem': expected maxmem >= memory (128 MiB), found 64",
                error(BASE + "memory = 128\nmaxmem = 64\n").getMessage());
    }

    @Test
    void vcpusAboveMaxvcpus() {
        ConfigException e = error(BASE + "vcpus = 4\nmaxvcpus = 2\n");
        assertEquals("g.cfg:3:9: 'vcpus': expected vcpus <= maxvcpus (2), found 4", e.getMessage());
        assertEquals("g.cfg:3:9: 'vcpus': expected a vCPU count from 1 to 4096, found 0",
                error(BASE + "vcpus = 0\n").getMessage());
    }

    @Test
    void badUuid() {
        assertEquals("g.cfg:3:8: 'uuid': expected a UUID like 01234567-89ab-cdef-0123-456789abcdef, found \"1-2-3-4-5\"",
                error(BASE + "uuid = '1-2-3-4-5'\n").getMessage());
    }

    @Test
    void badType() {
        assertEquals("g.cfg:3:8: 'type': expected type \"pv\", \"pvh\" or \"hvm\", found \"PV\"",
                error(BASE + "type = 'PV'\n").getMessage());
    }

    @Test
    void badAction() {
        assertEquals("g.cfg:3:12: 'on_crash': expected one of destroy, restart, rename-restart, preserve, "
                + "coredump-destroy, coredump-restart, soft-reset; found \"reboot\"",
                error(BASE + "on_crash = 'reboot'\n").getMessage());
        assertEquals("on_watchdog", error(BASE + "on_watchdog = 'explode'\n").key());
    }

    @Test
    void pvGuestWithoutKernel() {
        assertEquals("g.cfg:1:1: 'kernel': a PV guest needs a kernel (or a bootloader): expected kernel = \"<path>\"",
                error("name = 'g'\nmemory = 64\n").getMessage());
        assertEquals("g.cfg:2:10: 'kernel': expected a non-empty path, found an empty string",
                error("name = 'g'\nkernel = ''\n").getMessage());
    }

    @Test
    void diskAndVifMustBeListsOfStrings() {
        assertEquals("g.cfg:3:8: 'disk': expected a list of DISKSPEC strings, e.g. ['...'], found string \"/x,raw,xvda\"",
                error(BASE + "disk = '/x,raw,xvda'\n").getMessage());
        assertEquals("g.cfg:3:24: 'disk': expected a DISKSPEC string in the list, found number 5",
                error(BASE + "disk = ['/x,raw,xvda', 5]\n").getMessage());
        assertEquals("g.cfg:3:7: 'vif': expected a list of VIFSPEC strings, e.g. ['...'], found number 1",
                error(BASE + "vif = 1\n").getMessage());
    }

    @Test
    void badDiskSpecNamesTheListElement() {
        ConfigException e = error(BASE + "disk = [ '/a,raw,xvda,rw',\n         '/b,raw,xvdb,maybe' ]\n");
        assertEquals(4, e.line());
        assertEquals(10, e.column());
        assertEquals("disk", e.key());
        assertEquals("unknown value for access 'maybe': expected r, ro, w or rw", e.expected());
    }

    @Test
    void twoDisksOnOneDevice() {
        assertEquals("g.cfg:3:21: 'disk': vdev 'd0' names the same device as 'xvda' (number 51712): "
                + "expected each disk on its own vdev",
                error(BASE + "disk = ['/a,,xvda', '/b,,d0']\n").getMessage());
    }

    @Test
    void vifErrorsAndDuplicates() {
        assertEquals("g.cfg:3:8: 'vif': invalid mac '00:16:3e:zz:00:01': expected six two-digit hex octets "
                + "separated by ':', e.g. 00:16:3e:12:34:56",
                error(BASE + "vif = ['mac=00:16:3e:zz:00:01']\n").getMessage());
        assertEquals("g.cfg:3:33: 'vif': mac 00:16:3e:00:00:01 used twice: expected each vif to have its own MAC address",
                error(BASE + "vif = ['mac=00:16:3e:00:00:01', 'mac=00:16:3E:00:00:01']\n").getMessage());
        assertEquals("g.cfg:3:12: 'vif': devid 0 used twice: expected each vif to have its own devid",
                error(BASE + "vif = ['', 'devid=0']\n").getMessage());
    }

    @Test
    void vifWarningsCarryTheElementPosition() throws Exception {
        ParsedConfig p = parse(BASE + "vif = ['bridge=br0, colour=blue']\n");
        assertEquals("g.cfg:3:8: warning: 'vif': unknown vif key 'colour' (kept, not used)",
                p.warnings().getFirst().toString());
        assertEquals("br0", p.config().vifs().getFirst().bridge());
    }
}
