package org.paravane.core.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.DomId;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.MemoryReservationLayout;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SbiExtension;
import org.paravane.api.abi.XenMem;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.domain.Domain;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * A frame the guest gave back with memory_op(decrease_reservation) is gone for the guest's
 * own loads too: on the real RISC-V engine the next load from it is a load access fault
 * taken by the guest's trap handler (as for an address outside guest memory), not a read
 * of zeros. The guest is a dozen hand-assembled instructions.
 */
class BalloonedFrameTest {

    private static final long RAM = Platform.RAM_BASE;
    private static final long HOLE = RAM + 0x8000;
    private static final int T0 = 5, T1 = 6, T2 = 7, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A6 = 16, A7 = 17;

    private Hypervisor hv;

    @AfterEach
    void close() {
        if (hv != null) {
            hv.close();
        }
    }

    private static int iType(int imm, int rs1, int f3, int rd, int op) {
        return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
    }

    private static int addi(int rd, int rs1, int imm) {
        return iType(imm, rs1, 0, rd, 0x13);
    }

    private static int auipc(int rd, int imm20) {
        return imm20 << 12 | rd << 7 | 0x17;
    }

    private static int csrr(int rd, int csr) {
        return iType(csr, 0, 2, rd, 0x73); // csrrs rd, csr, x0
    }

    private static final int ECALL = 0x73;
    private static final int LOOP = 0x6f; // jal x0, 0

    @Test
    void aLoadFromABalloonedOutFrameTrapsIntoTheGuest() throws InterruptedException {
        hv = new Hypervisor(new HypervisorConfig(64L << 20, 1, 100_000));
        hv.setEngine(new RiscvEngine());
        Domain d = hv.domains().create(DomainConfig.of("balloon", 1024, 1));
        int[] code = {
            auipc(T2, 0), addi(T2, T2, 0x100), iType(0x105, T2, 1, 0, 0x73), // stvec = handler
            0x0A0E8 << 12 | A7 << 7 | 0x37, iType(-0x190, A7, 0, A7, 0x1b), // lui + addiw: a7 = 0x0A0E7E70
            addi(A6, 0, Hypercall.MEMORY_OP), addi(A0, 0, XenMem.DECREASE_RESERVATION),
            auipc(A1, 1), addi(A1, A1, -28), // a1 = RAM + 0x1000, the reservation
            ECALL,
            addi(A4, A0, 0), // keep the result: the shutdown call below returns in a0
            auipc(A3, 8), addi(A3, A3, -44), // a3 = HOLE
            iType(0, A3, 3, A2, 0x03), // ld a2, 0(a3)
            LOOP,
        };
        int[] handler = {csrr(T0, 0x142), csrr(T1, 0x143), addi(A7, 0, SbiExtension.LEGACY_SHUTDOWN), ECALL, LOOP};
        MemorySegment ram = d.memory().ram();
        write(ram, 0, code);
        write(ram, 0x100, handler);
        assertEquals(0x0A0E7E70, SbiExtension.XEN, "the ID the code above loads");
        ram.set(ValueLayout.JAVA_LONG_UNALIGNED, 0x1000 + MemoryReservationLayout.EXTENT_START, RAM + 0x1200);
        ram.set(ValueLayout.JAVA_LONG_UNALIGNED, 0x1000 + MemoryReservationLayout.NR_EXTENTS, 1);
        ram.set(ValueLayout.JAVA_INT_UNALIGNED, 0x1000 + MemoryReservationLayout.EXTENT_ORDER, 0);
        ram.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0x1000 + MemoryReservationLayout.DOMID, (short) DomId.SELF);
        ram.set(ValueLayout.JAVA_LONG_UNALIGNED, 0x1200, HOLE / 4096);
        ram.set(ValueLayout.JAVA_LONG_UNALIGNED, 0x8000, 0x1234_5678L); // what the guest had there
        Vcpu cpu = d.vcpu(0).vcpu();
        cpu.setPc(RAM);
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        long end = System.nanoTime() + 10_000_000_000L;
        while (d.state() != DomainState.SHUTDOWN && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertEquals(DomainState.SHUTDOWN, d.state(), () -> cpu.describeState());
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), "the handler shut down, no crash");
        assertEquals(1, cpu.register(A4), "one extent released");
        assertFalse(d.memory().isPopulated(HOLE / 4096));
        assertEquals(5, cpu.register(T0), "scause: load access fault");
        assertEquals(HOLE, cpu.register(T1), "stval: the ballooned-out address");
        assertEquals(0, cpu.register(A2), "nothing loaded");
        assertTrue(d.memory().hasUnpopulatedRam());
    }

    private static void write(MemorySegment ram, long at, int[] words) {
        ByteBuffer bb = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            bb.putInt(w);
        }
        MemorySegment.copy(MemorySegment.ofArray(bb.array()), 0, ram, at, bb.capacity());
    }
}
