package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.EvtchnStat;
import org.paravane.api.abi.HvmParam;
import org.paravane.api.abi.StartInfoLayout;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.paravane.core.sched.VcpuRunState;
import org.paravane.engine.riscv.RiscvEngine;

/** What the builder leaves in a domain before it runs: RAM, start-info, params, ports, registers. */
class DomainBuilderTest {

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Hypervisor hv = new Hypervisor(new HypervisorConfig(64L << 20, 1, 100_000));
    private final DomainBuilder builder = new DomainBuilder(hv.domains(), hv.events());

    DomainBuilderTest() {
        hv.setEngine(new RiscvEngine());
    }

    @AfterEach
    void close() {
        hv.close();
    }

    @Test
    void startInfoRingsPortsAndRegistersFollowTheBootProtocol() throws Exception {
        byte[] kernel = GuestImages.read("hello");
        BootInfo info = builder.create(DomainConfig.of("built", 8192, 2), "hello.elf", kernel, "hello a b");
        Domain d = hv.domains().require(info.domid());
        assertEquals(DomainState.PAUSED, d.state());
        BootLayout l = info.layout();
        assertEquals(2048, l.ramFrames());
        assertEquals(0x8080_0000L - 4096, l.startInfoGpa());

        MemorySegment ram = d.memory().ram();
        // the first PT_LOAD of the file is in RAM at 0x80200000, byte for byte
        ElfImage elf = ElfImage.parse("hello.elf", kernel, 0x8000_0000L, l.loadEnd());
        ElfImage.Segment s0 = elf.segments().get(0);
        assertEquals(MemorySegment.ofArray(elf.fileBytes(s0)).mismatch(
                ram.asSlice(s0.paddr() - 0x8000_0000L, s0.fileSize())), -1);

        MemorySegment si = ram.asSlice(l.startInfoGpa() - 0x8000_0000L, 4096);
        assertEquals("paravane-1.0-riscv64", new String(si.asSlice(0, 20).toArray(ValueLayout.JAVA_BYTE),
                StandardCharsets.US_ASCII));
        assertEquals(0, si.get(ValueLayout.JAVA_BYTE, 20));
        assertEquals(2048, si.get(U64, StartInfoLayout.NR_PAGES));
        assertEquals(0x7FFFFL, si.get(U64, StartInfoLayout.SHARED_INFO_PFN));
        assertEquals(2, si.get(U32, StartInfoLayout.NR_VCPUS));
        assertEquals(d.domid(), si.get(U32, StartInfoLayout.DOMID));
        assertEquals(l.storePfn(), si.get(U64, StartInfoLayout.STORE_PFN));
        assertEquals(l.consolePfn(), si.get(U64, StartInfoLayout.CONSOLE_PFN));
        assertEquals(info.storePort(), si.get(U32, StartInfoLayout.STORE_EVTCHN));
        assertEquals(info.consolePort(), si.get(U32, StartInfoLayout.CONSOLE_EVTCHN));
        assertEquals(9, si.get(U32, StartInfoLayout.CMDLINE_LEN));
        assertEquals(0x8000_0000L, si.get(U64, StartInfoLayout.RAM_BASE));
        assertEquals(10_000_000L, si.get(U64, StartInfoLayout.TIMEBASE_HZ));
        assertEquals("hello a b\0", new String(si.asSlice(StartInfoLayout.CMD_LINE, 10)
                .toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));

        assertEquals(l.storePfn(), d.hvmParam(HvmParam.STORE_PFN));
        assertEquals(info.storePort(), d.hvmParam(HvmParam.STORE_EVTCHN));
        assertEquals(l.consolePfn(), d.hvmParam(HvmParam.CONSOLE_PFN));
        assertEquals(info.consolePort(), d.hvmParam(HvmParam.CONSOLE_EVTCHN));
        for (int port : new int[] {info.consolePort(), info.storePort()}) {
            var st = hv.events().status(0, d.domid(), port);
            assertEquals(EvtchnStat.UNBOUND, st.status(), "port " + port);
        }
        assertEquals(d.sharedInfo().address(), d.memory().frameOutsideRam(0x7FFFF).address());

        Vcpu cpu = d.vcpu(0).vcpu();
        assertEquals(elf.entry(), cpu.pc());
        assertEquals(0, cpu.register(10));
        assertEquals(l.startInfoGpa(), cpu.register(11));
        assertEquals(0, cpu.register(2));
        assertTrue(d.vcpu(0).isUp());
        assertEquals(VcpuRunState.OFFLINE, d.vcpu(1).state());
    }

    @Test
    void aRejectedKernelLeavesNoDomainBehind() {
        int before = hv.domains().size();
        byte[] notElf = "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII);
        InvalidKernelException e = assertThrows(InvalidKernelException.class,
                () -> builder.create(DomainConfig.of("bad", 4096, 1), "script.sh", notElf, ""));
        assertTrue(e.getMessage().startsWith("kernel 'script.sh': e_ident"), e.getMessage());
        assertEquals(before, hv.domains().size());
        assertTrue(hv.domains().byName("bad").isEmpty());
    }

    @Test
    void aKernelLargerThanRamIsRefusedNamingTheSegment() {
        byte[] kernel = GuestImages.read("hello");
        // 2 MiB of RAM ends at 0x80200000: the kernel's first segment starts there
        InvalidKernelException e = assertThrows(InvalidKernelException.class,
                () -> builder.create(DomainConfig.of("small", 2048, 1), "hello.elf", kernel, ""));
        assertTrue(e.field().startsWith("p_paddr["), e.getMessage());
        assertEquals(1, hv.domains().size()); // dom0 only
    }

    @Test
    void commandLinesMustBePrintableAsciiAndFit() {
        byte[] kernel = GuestImages.read("hello");
        var tooLong = assertThrows(IllegalArgumentException.class,
                () -> builder.create(DomainConfig.of("long", 4096, 1), "hello.elf", kernel, "x".repeat(1024)));
        assertTrue(tooLong.getMessage().contains("at most 1023"), tooLong.getMessage());
        var ctl = assertThrows(IllegalArgumentException.class,
                () -> builder.create(DomainConfig.of("ctl", 4096, 1), "hello.elf", kernel, "a\nb"));
        assertTrue(ctl.getMessage().contains("character 1"), ctl.getMessage());
        assertEquals(1, hv.domains().size());
    }
}
