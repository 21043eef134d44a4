package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.paravane.engine.riscv.Asm.*;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * The block translator against the interpreter: every translatable operation compiles,
 * and random programs (ALU, M, loads and stores, a counted loop) leave identical
 * registers, memory and instret whether interpreted or translated.
 */
class TranslationTest {
    static final long B = Machine.RAM_BASE;
    static final long DATA = B + 0x10000;

    private static Block decode(Asm a) {
        byte[] bytes = a.bytes();
        return Decoder.decodeBlock(MemorySegment.ofArray(bytes), 0, bytes.length, 0);
    }

    @Test
    void everyTranslatableOperationCompiles() {
        Asm a = new Asm(B);
        a.emit(addi(A0, A1, 1), slti(A0, A1, 1), sltiu(A0, A1, 1), xori(A0, A1, 1), ori(A0, A1, 1), andi(A0, A1, 1),
                slli(A0, A1, 1), srli(A0, A1, 1), srai(A0, A1, 1), addiw(A0, A1, 1), slliw(A0, A1, 1), srliw(A0, A1, 1),
                sraiw(A0, A1, 1), lui(A0, 0x1000), auipc(A0, 0x1000), add(A0, A1, A2), sub(A0, A1, A2),
                sll(A0, A1, A2), slt(A0, A1, A2), sltu(A0, A1, A2), xor(A0, A1, A2), srl(A0, A1, A2),
                sra(A0, A1, A2), or(A0, A1, A2), and(A0, A1, A2), addw(A0, A1, A2), subw(A0, A1, A2),
                sllw(A0, A1, A2), srlw(A0, A1, A2), sraw(A0, A1, A2), mul(A0, A1, A2), mulh(A0, A1, A2),
                mulhsu(A0, A1, A2), mulhu(A0, A1, A2), div(A0, A1, A2), divu(A0, A1, A2), rem(A0, A1, A2),
                remu(A0, A1, A2), mulw(A0, A1, A2), divw(A0, A1, A2), divuw(A0, A1, A2), remw(A0, A1, A2),
                remuw(A0, A1, A2), lb(A0, A1, 1), lh(A0, A1, 1), lw(A0, A1, 1), ld(A0, A1, 1), lbu(A0, A1, 1),
                lhu(A0, A1, 1), lwu(A0, A1, 1), sb(A0, A1, 1), sh(A0, A1, 1), sw(A0, A1, 1), sd(A0, A1, 1),
                fence(), addi(ZERO, A1, 1), jalr(RA, A1, 0));
        long failures = BlockCompiler.FAILURES.get();
        Block b = decode(a);
        assertEquals(57, b.count);
        assertNotNull(BlockCompiler.compile(b));
        for (int end : new int[] {beq(A0, A1, -8), bne(A0, A1, 0), blt(A0, A1, 8), bge(A0, A1, 8), bltu(A0, A1, 8),
            bgeu(A0, A1, 8), jal(RA, 0), jal(ZERO, 64)}) {
            Asm t = new Asm(B);
            t.emit(addi(A0, A0, 1), end);
            assertNotNull(BlockCompiler.compile(decode(t)));
        }
        assertEquals(failures, BlockCompiler.FAILURES.get());
    }

    @Test
    void blocksWithSystemOrAtomicInstructionsStayInterpreted() {
        for (int insn : new int[] {ECALL, csrrs(A0, 0x140, ZERO), amo(AMOADD, true, A0, A1, A2), fenceI(), WFI}) {
            Asm a = new Asm(B);
            a.emit(addi(A0, A0, 1), insn);
            assertNull(BlockCompiler.compile(decode(a)));
        }
    }

    /** A random straight-line body inside a counted loop; all data accesses hit DATA..DATA+2K. */
    private static Asm randomProgram(Random r) {
        Asm a = new Asm(B);
        a.li(S0, DATA);
        a.li(S1, 1 + r.nextInt(40)); // iterations
        long top = a.here();
        int[] regs = {A0, A1, A2, A3, A4, A5, T0, T1, T2, ZERO};
        int n = 5 + r.nextInt(30);
        // Units of code; a forward branch skips whole units, so it never lands inside the
        // call/return idiom (whose jalr needs the ra its own jal just set).
        java.util.List<int[]> units = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (r.nextInt(10) == 0) {
                // call and return: jal ra, +8; j +8; jalr x0, 0(ra)  (runs X, X+8, X+4, X+12)
                units.add(new int[] {jal(RA, 8), jal(ZERO, 8), jalr(ZERO, RA, 0)});
                continue;
            }
            if (r.nextInt(6) == 0) {
                units.add(new int[] {-1, r.nextInt(7), regs[r.nextInt(regs.length)], regs[r.nextInt(regs.length)],
                    1 + r.nextInt(3)});
                continue;
            }
            int rd = regs[r.nextInt(regs.length)];
            int s1 = regs[r.nextInt(regs.length)];
            int s2 = regs[r.nextInt(regs.length)];
            int imm = r.nextInt(4096) - 2048;
            int sh = r.nextInt(64);
            int memOff = r.nextInt(2040);
            int insn = switch (r.nextInt(34)) {
                case 0 -> addi(rd, s1, imm);
                case 1 -> slti(rd, s1, imm);
                case 2 -> sltiu(rd, s1, imm);
                case 3 -> xori(rd, s1, imm);
                case 4 -> ori(rd, s1, imm);
                case 5 -> andi(rd, s1, imm);
                case 6 -> slli(rd, s1, sh);
                case 7 -> srli(rd, s1, sh);
                case 8 -> srai(rd, s1, sh);
                case 9 -> addiw(rd, s1, imm);
                case 10 -> sraiw(rd, s1, sh & 31);
                case 11 -> lui(rd, r.nextInt());
                case 12 -> add(rd, s1, s2);
                case 13 -> sub(rd, s1, s2);
                case 14 -> sll(rd, s1, s2);
                case 15 -> sra(rd, s1, s2);
                case 16 -> sltu(rd, s1, s2);
                case 17 -> addw(rd, s1, s2);
                case 18 -> srlw(rd, s1, s2);
                case 19 -> mul(rd, s1, s2);
                case 20 -> mulh(rd, s1, s2);
                case 21 -> mulhsu(rd, s1, s2);
                case 22 -> div(rd, s1, s2);
                case 23 -> remu(rd, s1, s2);
                case 24 -> divw(rd, s1, s2);
                case 25 -> mulw(rd, s1, s2);
                case 26 -> ld(rd, S0, memOff);
                case 27 -> lw(rd, S0, memOff);
                case 28 -> lbu(rd, S0, memOff);
                case 29 -> lh(rd, S0, memOff);
                case 30 -> sd(s2, S0, memOff);
                case 31 -> sw(s2, S0, memOff);
                case 32 -> sb(s2, S0, memOff);
                default -> auipc(rd, r.nextInt());
            };
            units.add(new int[] {insn});
        }
        for (int u = 0; u < units.size(); u++) {
            int[] unit = units.get(u);
            if (unit[0] != -1) {
                a.emit(unit);
                continue;
            }
            int skip = 4;
            for (int k = 1; k <= unit[4] && u + k < units.size(); k++) {
                int[] next = units.get(u + k);
                skip += next[0] == -1 ? 4 : 4 * next.length; // a branch marker becomes one instruction
            }
            int s1 = unit[2];
            int s2 = unit[3];
            a.emit(switch (unit[1]) {
                case 0 -> beq(s1, s2, skip);
                case 1 -> bne(s1, s2, skip);
                case 2 -> blt(s1, s2, skip);
                case 3 -> bge(s1, s2, skip);
                case 4 -> bltu(s1, s2, skip);
                case 5 -> bgeu(s1, s2, skip);
                default -> jal(r.nextBoolean() ? ZERO : A5, skip);
            });
        }
        a.emit(addi(S1, S1, -1));
        a.emit(bne(S1, ZERO, (int) (top - a.here())));
        a.emit(ECALL);
        return a;
    }

    private static long[] runWith(int threshold, Asm program, long seed, MemorySegment dataOut) {
        Machine m = new Machine();
        try {
            RiscvHart h = (RiscvHart) new RiscvEngine(threshold).createVcpu(m.host, 0);
            Random r = new Random(seed);
            for (int i = 1; i < 32; i++) {
                h.setRegister(i, r.nextLong());
            }
            for (int i = 0; i < 2048; i += 8) {
                m.sd(DATA + i, r.nextLong());
            }
            m.load(program, B);
            h.setPc(B);
            assertEquals(RunExit.STOPPED, h.run(1_000_000), () -> "threshold " + threshold + ": " + m.host.crashes);
            long[] out = new long[33];
            for (int i = 0; i < 32; i++) {
                out[i] = h.register(i);
            }
            out[32] = h.instructionsRetired();
            MemorySegment.copy(m.memory.ram, DATA - B, dataOut, 0, 2048);
            return out;
        } finally {
            m.close();
        }
    }

    @Test
    void randomProgramsGiveTheSameResultInterpretedAndTranslated() {
        long failures = BlockCompiler.FAILURES.get();
        for (int p = 0; p < 80; p++) {
            Random r = new Random(1000 + p);
            Asm program = randomProgram(r);
            byte[] d1 = new byte[2048];
            byte[] d2 = new byte[2048];
            long[] interpreted = runWith(-1, program, p, MemorySegment.ofArray(d1));
            long[] translated = runWith(0, program, p, MemorySegment.ofArray(d2));
            assertArrayEquals(interpreted, translated, "registers and instret, program " + p);
            assertArrayEquals(d1, d2, "memory, program " + p);
        }
        assertEquals(failures, BlockCompiler.FAILURES.get());
    }

    /** A hot loop summing K each round; a0 = rounds * k at the closing ecall. */
    private static long runSumLoop(int k) {
        try (Machine m = new Machine(1 << 20, new RiscvEngine(0))) {
            Asm a = new Asm(B);
            a.li(A2, 1000);
            a.li(A0, 0);
            long loop = a.here();
            a.emit(addi(A0, A0, k), addi(A2, A2, -1));
            a.emit(bne(A2, ZERO, (int) (loop - a.here())));
            a.emit(ECALL);
            m.load(a, B);
            assertEquals(RunExit.STOPPED, m.run());
            return m.x(A0);
        }
    }

    /**
     * Two domains (two engines, two RAMs) running the same code share one translation; code
     * that differs in one immediate does not. Checked by the result, which a wrongly shared
     * translation would get wrong.
     */
    @Test
    void identicalRegionsShareOneTranslationAcrossDomains() {
        org.junit.jupiter.api.Assumptions.assumeTrue(BlockCompiler.SHARED, "shared translations turned off");
        int k = 1 + new Random().nextInt(1000); // content no other test translated before
        assertEquals(1000L * k, runSumLoop(k));
        long hits = BlockCompiler.sharedHits();
        assertEquals(1000L * k, runSumLoop(k));
        org.junit.jupiter.api.Assertions.assertTrue(BlockCompiler.sharedHits() > hits, "second domain built its own");
        long hits2 = BlockCompiler.sharedHits();
        assertEquals(1000L * (k + 1), runSumLoop(k + 1)); // one immediate differs: a translation of its own
        assertEquals(1000L * (k + 1), runSumLoop(k + 1));
        org.junit.jupiter.api.Assertions.assertTrue(BlockCompiler.sharedHits() > hits2);
    }
}
