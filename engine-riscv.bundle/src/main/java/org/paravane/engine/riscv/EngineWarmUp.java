package org.paravane.engine.riscv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.GuestPhysicalMemory;
import org.paravane.api.engine.RunExit;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuHost;

/**
 * Runs a small private program through the decoder, the interpreter and the translator, so
 * that the first real guest does not pay for loading and initialising the engine's classes,
 * the class-file API the translator uses, and the interpreter's first HotSpot compilations
 * (the "cold first run" of docs/benchmarks.md). Touches no guest and no shared state other
 * than the shared translation cache (one region of its own).
 */
final class EngineWarmUp {
    private static final long BASE = 0x8000_0000L;
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private EngineWarmUp() {
    }

    // Encoders (Unprivileged ISA, "Base Instruction Formats"): just what the program needs.
    private static int r(int f7, int rs2, int rs1, int f3, int rd, int opc) {
        return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    private static int i(int imm, int rs1, int f3, int rd, int opc) {
        return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    private static int s(int imm, int rs2, int rs1, int f3) {
        return ((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 31) << 7 | 0x23;
    }

    private static int b(int imm, int rs2, int rs1, int f3) {
        return ((imm >> 12) & 1) << 31 | ((imm >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
                | ((imm >> 1) & 0xf) << 8 | ((imm >> 11) & 1) << 7 | 0x63;
    }

    private static int jal(int rd, int imm) {
        return ((imm >> 20) & 1) << 31 | ((imm >> 1) & 0x3ff) << 21 | ((imm >> 11) & 1) << 20
                | ((imm >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
    }

    private static final int RA = 1, T0 = 5, T1 = 6, T2 = 7, A0 = 10, A2 = 12, A3 = 13;

    /** A counted loop with loads, stores, M, a call and a branch; then time, an AMO and ecall. */
    private static int[] program(int rounds) {
        return new int[] {
            0x00008000 | A3 << 7 | 0x17, //  0: auipc a3, 8 (data at base + 0x8000, aligned for the AMO)
            i(rounds, 0, 0, A2, 0x13), //  4: addi a2, zero, rounds
            i(0, A3, 3, T0, 0x03), //  8: loop: ld t0, 0(a3)
            r(1, A2, T0, 0, T1, 0x33), // 12: mul t1, t0, a2
            r(0, T1, T0, 0, T0, 0x33), // 16: add t0, t0, t1
            s(0, T0, A3, 3), // 20: sd t0, 0(a3)
            jal(RA, 24), // 24: jal ra, func (48)
            i(-1, A2, 0, A2, 0x13), // 28: addi a2, a2, -1
            b(-24, 0, A2, 1), // 32: bne a2, zero, loop
            0xc0102573, // 36: csrrs a0, time, zero
            r(0, A2, A3, 3, 0, 0x2f), // 40: amoadd.d zero, a2, (a3)
            0x00000073, // 44: ecall
            r(0, A2, T0, 4, T2, 0x33), // 48: func: xor t2, t0, a2
            i(0, RA, 0, 0, 0x67), // 52: jalr zero, ra, 0
        };
    }

    /** Runs the program {@code repeats} times interpreted and translated; returns instructions retired. */
    static long run(int repeats) {
        long retired = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ram = arena.allocate(64 * 1024, 4096);
            int[] code = program(200);
            for (int k = 0; k < code.length; k++) {
                ram.set(LE32, 4L * k, code[k]);
            }
            GuestPhysicalMemory memory = new GuestPhysicalMemory() {
                @Override
                public long ramBase() {
                    return BASE;
                }

                @Override
                public MemorySegment ram() {
                    return ram;
                }

                @Override
                public MemorySegment frameOutsideRam(long gfn) {
                    return null;
                }
            };
            VcpuHost host = new VcpuHost() {
                @Override
                public int domid() {
                    return -1;
                }

                @Override
                public GuestPhysicalMemory memory() {
                    return memory;
                }

                @Override
                public long timebaseHz() {
                    return 10_000_000L;
                }

                @Override
                public long timeNow() {
                    return System.nanoTime() / 100;
                }

                @Override
                public EcallOutcome environmentCall(Vcpu vcpu) {
                    return EcallOutcome.STOP;
                }

                @Override
                public void reportCrash(Vcpu vcpu, String reason) {
                    throw new IllegalStateException("engine warm-up program crashed: " + reason);
                }
            };
            for (int n = 0; n < repeats; n++) {
                for (int threshold : new int[] {-1, 0}) {
                    Vcpu hart = new RiscvEngine(threshold).createVcpu(host, 0);
                    hart.setPc(BASE);
                    RunExit exit = hart.run(1_000_000);
                    if (exit != RunExit.STOPPED) {
                        throw new IllegalStateException("engine warm-up program ended with " + exit);
                    }
                    retired += hart.instructionsRetired();
                }
            }
        }
        return retired;
    }
}
