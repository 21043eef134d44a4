package org.paravane.toolstack.xend.xl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.builder.LifecyclePolicy;
import org.paravane.api.config.LifecycleAction;
import org.paravane.toolstack.xend.config.ParsedConfig;
import org.paravane.toolstack.xend.config.XlConfig;

class XlDomainMappingTest {

    @TempDir
    Path dir;

    private XlDomainMapping map(String text, String... overrides) throws Exception {
        Path f = dir.resolve("sub").resolve("g.cfg");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        ParsedConfig p = XlConfig.parseFile(f, List.of(overrides));
        return XlDomainMapping.of(p.config(), f);
    }

    @Test
    void relativeKernelResolvesAgainstTheConfigDirectory() throws Exception {
        XlDomainMapping m = map("name='g'\nkernel='../k/hello.elf'\nmemory=24\nvcpus=2\nextra='hi there'\n");
        assertEquals(dir.resolve("k/hello.elf").toString(), m.request().kernel());
        assertEquals("g", m.request().name());
        assertEquals(24, m.request().memoryMiB());
        assertEquals(2, m.request().vcpus());
        assertTrue(m.request().cmdline().contains("hi there"), m.request().cmdline());
        assertEquals(List.of(), m.warnings());
    }

    @Test
    void absoluteKernelAndOverridesWin() throws Exception {
        XlDomainMapping m = map("name='g'\nkernel='/opt/k.elf'\nmemory=24\n", "memory=48", "cmdline=console=hvc0");
        assertEquals("/opt/k.elf", m.request().kernel());
        assertEquals(48, m.request().memoryMiB());
        assertEquals("console=hvc0", m.request().cmdline());
    }

    @Test
    void disksGoToTheRequestWithRelativeTargetsResolvedAndVifsBecomeWarnings() throws Exception {
        XlDomainMapping m = map("name='g'\nkernel='k.elf'\ndisk=['format=vhd, vdev=xvda, access=rw, target=d.vhd',"
                + " 'format=raw, vdev=xvdb, access=ro, target=/abs/r.img', '../up/e.vhd,vhd,xvdc,w']\n"
                + "vif=['mac=00:16:3e:00:00:01']\n");
        assertEquals(1, m.warnings().size());
        assertTrue(m.warnings().get(0).contains("'vif': network devices are not available yet"), m.warnings().get(0));
        List<org.paravane.api.config.DiskSpec> d = m.request().disks();
        assertEquals(3, d.size());
        assertEquals(dir.resolve("sub/d.vhd").toString(), d.get(0).target());
        assertEquals("xvda", d.get(0).vdev());
        assertEquals("/abs/r.img", d.get(1).target());
        assertTrue(d.get(1).readOnly());
        assertEquals(dir.resolve("up/e.vhd").toString(), d.get(2).target());
        assertEquals("xvdc", d.get(2).vdev());
    }

    @Test
    void lifecycleActionsComeFromTheConfigWithXlDefaults() throws Exception {
        XlDomainMapping m = map("name='g'\nkernel='k.elf'\n");
        assertEquals(LifecyclePolicy.XL_DEFAULTS, m.lifecycle());
        m = map("name='g'\nkernel='k.elf'\non_poweroff='preserve'\non_crash='coredump-restart'\n");
        assertEquals(new LifecyclePolicy(LifecycleAction.PRESERVE, LifecycleAction.RESTART,
                LifecycleAction.COREDUMP_RESTART), m.lifecycle());
        assertEquals(List.of(dir.resolve("sub/g.cfg") + ": warning: 'on_crash': coredump-restart acts as restart"
                + " (core dumps are not available yet)"), m.warnings());
    }

    @Test
    void nonPvTypeIsAnErrorNamingTheFileAndKey() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> map("name='g'\ntype='hvm'\nkernel='k.elf'\n"));
        assertTrue(e.getMessage().contains("g.cfg: 'type': only \"pv\""), e.getMessage());
    }
}
