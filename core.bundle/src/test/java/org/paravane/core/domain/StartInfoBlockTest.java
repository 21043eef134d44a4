package org.paravane.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.HvmParam;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.StartInfoLayout;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

class StartInfoBlockTest {

    @Test
    void theBlockFollowsDocsAbiAndVcpu0IsPointedAtTheEntry() {
        Hypervisor hv = TestHypervisor.start(16);
        try {
            Domain d = TestHypervisor.domU(hv, "boot", 4, 1);
            long gpa = Platform.RAM_BASE + (4 << 20) - 4096;
            new StartInfoBlock(0x80100, 1, 0x80101, 2, 0, "console=hvc0 root=/dev/xvda", 0, 0)
                    .install(d, gpa, Platform.KERNEL_LOAD_ADDR);
            MemorySegment p = d.memory().ram().asSlice(gpa - Platform.RAM_BASE, 4096);
            byte[] magic = p.asSlice(0, 20).toArray(ValueLayout.JAVA_BYTE);
            assertEquals("paravane-1.0-riscv64", new String(magic, StandardCharsets.US_ASCII));
            assertEquals(1024, p.get(ValueLayout.JAVA_LONG, StartInfoLayout.NR_PAGES));
            assertEquals(0x80100, p.get(ValueLayout.JAVA_LONG, StartInfoLayout.STORE_PFN));
            assertEquals(2, p.get(ValueLayout.JAVA_INT, StartInfoLayout.CONSOLE_EVTCHN));
            assertEquals(d.domid(), p.get(ValueLayout.JAVA_INT, StartInfoLayout.DOMID));
            assertEquals(0, p.get(ValueLayout.JAVA_INT, StartInfoLayout.FLAGS), "a domU is not privileged");
            assertEquals(27, p.get(ValueLayout.JAVA_INT, StartInfoLayout.CMDLINE_LEN));
            assertEquals('c', p.get(ValueLayout.JAVA_BYTE, StartInfoLayout.CMD_LINE));
            assertEquals(10_000_000L, p.get(ValueLayout.JAVA_LONG, StartInfoLayout.TIMEBASE_HZ));
            assertEquals(0x80101, d.hvmParam(HvmParam.CONSOLE_PFN));
            ScriptedVcpu v0 = TestHypervisor.cpu(d, 0);
            assertEquals(Platform.KERNEL_LOAD_ADDR, v0.pc());
            assertEquals(gpa, v0.register(11));
            assertThrows(IllegalArgumentException.class, () -> new StartInfoBlock(0, 0, 0, 0, 0, "", 0, 0)
                    .install(d, gpa + 8, Platform.KERNEL_LOAD_ADDR));
            assertThrows(IllegalArgumentException.class, () -> new StartInfoBlock(0, 0, 0, 0, 0, "", 0, 0)
                    .install(d, gpa, 0x1000));
            assertThrows(IllegalArgumentException.class,
                    () -> new StartInfoBlock(0, 0, 0, 0, 0, "x".repeat(1024), 0, 0));
        } finally {
            hv.close();
        }
    }
}
