package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.CsrTest.withHandler;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/** The A extension: every AMO in both widths, LR/SC rules, alignment, and atomicity across harts. */
class AtomicTest {
    static final long B = Machine.RAM_BASE;
    static final long D = B + 0x8000;

    private static void checkAmo(int f5, LongBinaryOperator op, long mem, long src, boolean dbl) {
        try (Machine m = withHandler(amo(f5, dbl, A0, A1, A2))) {
            if (dbl) {
                m.sd(D, mem);
            } else {
                m.sd(D, 0x5a5a5a5a00000000L | (mem & 0xffffffffL));
            }
            m.set(A1, D).set(A2, src);
            assertEquals(RunExit.STOPPED, m.run());
            String what = "amo " + Integer.toHexString(f5) + (dbl ? ".d" : ".w") + " mem=" + mem + " src=" + src;
            if (dbl) {
                assertEquals(mem, m.x(A0), what);
                assertEquals(op.applyAsLong(mem, src), m.ld(D), what);
            } else {
                int old = (int) mem;
                assertEquals((long) old, m.x(A0), what + " (old value sign-extended)");
                long nv = op.applyAsLong(old, (int) src);
                assertEquals(0x5a5a5a5a00000000L | (nv & 0xffffffffL), m.ld(D), what + " (upper word untouched)");
            }
        }
    }

    @Test
    void everyAmoInBothWidths() {
        long[][] values = {{5, 3}, {-5, 3}, {0x80000000L, 0x7fffffffL}, {Long.MIN_VALUE, -1}, {0xffffffffL, 1}};
        for (long[] v : values) {
            for (boolean dbl : new boolean[] {true, false}) {
                long mem = v[0], src = v[1];
                checkAmo(AMOADD, (a, b) -> dbl ? a + b : (int) (a + b), mem, src, dbl);
                checkAmo(AMOSWAP, (a, b) -> b, mem, src, dbl);
                checkAmo(AMOXOR, (a, b) -> a ^ b, mem, src, dbl);
                checkAmo(AMOOR, (a, b) -> a | b, mem, src, dbl);
                checkAmo(AMOAND, (a, b) -> a & b, mem, src, dbl);
                checkAmo(AMOMIN, dbl ? Math::min : (a, b) -> Math.min((int) a, (int) b), mem, src, dbl);
                checkAmo(AMOMAX, dbl ? Math::max : (a, b) -> Math.max((int) a, (int) b), mem, src, dbl);
                checkAmo(AMOMINU, dbl ? (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b
                        : (a, b) -> Integer.compareUnsigned((int) a, (int) b) <= 0 ? a : b, mem, src, dbl);
                checkAmo(AMOMAXU, dbl ? (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b
                        : (a, b) -> Integer.compareUnsigned((int) a, (int) b) >= 0 ? a : b, mem, src, dbl);
            }
        }
    }

    @Test
    void loadReservedStoreConditionalSucceedsOnce() {
        try (Machine m = withHandler(lrD(A0, A1), addi(T0, A0, 1), scD(A2, A1, T0), scD(A3, A1, T0), lrW(A4, A1),
                scW(A5, A1, ZERO))) {
            m.sd(D, 0xffffffff_fffffff0L);
            m.set(A1, D).set(A2, 9).set(A3, 9).set(A5, 9);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0xffffffff_fffffff0L, m.x(A0));
            assertEquals(0, m.x(A2)); // success
            assertEquals(1, m.x(A3)); // the reservation was consumed by the first SC
            assertEquals(-15L, m.x(A4)); // lr.w sign-extends
            assertEquals(0, m.x(A5));
            assertEquals(0xffffffff_00000000L, m.ld(D));
        }
    }

    @Test
    void storeConditionalWithoutOrToAnotherAddressFails() {
        try (Machine m = withHandler(scD(A0, A1, A2), lrD(T0, A1), scD(A3, A4, A2))) {
            m.sd(D, 7);
            m.set(A1, D).set(A2, 99).set(A4, D + 8);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A0));
            assertEquals(1, m.x(A3));
            assertEquals(7, m.ld(D));
            assertEquals(0, m.ld(D + 8));
        }
    }

    @Test
    void anotherHartsAmoBreaksTheReservationEvenWithoutChangingTheValue() {
        try (Machine m = withHandler(lrD(A0, A1), ECALL, scD(A2, A1, A3))) {
            m.sd(D, 5);
            m.set(A1, D).set(A3, 6);
            m.host.onEcall = v -> org.paravane.api.engine.EcallOutcome.YIELD;
            assertEquals(RunExit.BUDGET_EXHAUSTED, m.run()); // stopped between LR and SC
            RiscvHart other = m.newHart(1);
            Asm o = new Asm(B + 0x1000);
            o.emit(amo(AMOADD, true, ZERO, A1, ZERO), ECALL); // adds 0: same value, still a write
            m.load(o, B + 0x1000);
            other.setPc(B + 0x1000);
            other.setRegister(A1, D);
            assertEquals(RunExit.STOPPED, other.run(100));
            m.host.onEcall = v -> org.paravane.api.engine.EcallOutcome.STOP;
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A2)); // SC failed
            assertEquals(5, m.ld(D));
        }
    }

    @Test
    void misalignedAtomicsTrap() {
        try (Machine m = withHandler(lrW(A0, A1))) {
            m.set(A1, D + 2);
            m.run();
            Traps.assertTrap(m, 4, B, D + 2); // LR: load address misaligned
        }
        try (Machine m = withHandler(scD(A0, A1, A2))) {
            m.set(A1, D + 4);
            m.run();
            Traps.assertTrap(m, 6, B, D + 4); // SC: store/AMO address misaligned
        }
        try (Machine m = withHandler(amo(AMOADD, false, A0, A1, A2))) {
            m.set(A1, D + 1);
            m.run();
            Traps.assertTrap(m, 6, B, D + 1);
        }
        try (Machine m = withHandler(amo(AMOSWAP, true, A0, A1, A2))) {
            m.set(A1, 0x1000); // aligned but not memory: store/AMO access fault
            m.run();
            Traps.assertTrap(m, 7, B, 0x1000);
        }
    }

    /** Two harts on two threads: AMOADD and LR/SC increments of shared words stay exact. */
    @Test
    void incrementsFromTwoHartsOnTwoThreadsAreExact() throws Exception {
        final int n = 50_000;
        long amoWord = B + 0x10000;
        long lrscWord = B + 0x20000;
        try (Machine m = new Machine()) {
            Asm a = new Asm(B);
            long loop = a.here();
            a.emit(amo(AMOADD, true, ZERO, A0, A2)); // *a0 += 1
            long retry = a.here();
            a.emit(lrD(T0, A1), addi(T0, T0, 1), scD(T1, A1, T0));
            a.emit(bne(T1, ZERO, (int) (retry - a.here())));
            a.emit(amo(AMOADD, false, ZERO, A4, A2)); // 32-bit counter too
            a.emit(addi(A3, A3, -1));
            a.emit(bne(A3, ZERO, (int) (loop - a.here())));
            a.emit(ECALL);
            m.load(a, B);
            RiscvHart[] harts = {m.hart, m.newHart(1)};
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?>[] fs = new Future<?>[2];
                for (int h = 0; h < 2; h++) {
                    RiscvHart hart = harts[h];
                    hart.setPc(B);
                    hart.setRegister(A0, amoWord);
                    hart.setRegister(A1, lrscWord);
                    hart.setRegister(A2, 1);
                    hart.setRegister(A3, n);
                    hart.setRegister(A4, amoWord + 8);
                    fs[h] = pool.submit((Callable<RunExit>) () -> {
                        RunExit e;
                        do {
                            e = hart.run(1000); // small budget: many interleavings
                        } while (e == RunExit.BUDGET_EXHAUSTED);
                        return e;
                    });
                }
                for (Future<?> f : fs) {
                    assertEquals(RunExit.STOPPED, f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2L * n, m.ld(amoWord));
            assertEquals(2L * n, m.ld(lrscWord));
            assertEquals(2 * n, m.lw(amoWord + 8));
        }
    }
}
