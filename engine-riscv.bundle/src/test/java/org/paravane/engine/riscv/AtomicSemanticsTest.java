package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.CsrTest.withHandler;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.RunExit;

/**
 * A-extension rules not covered by {@link AtomicTest} (Unprivileged ISA, "A" chapter):
 * the aq/rl bits change no result, the reservation is lost on a store by another hart,
 * on another hart's successful SC and on a trap, SC.W failure leaves memory alone, AMOs
 * and LR fault like stores and loads under Sv39, and an AMO writing decoded code is seen
 * by the next fetch.
 */
class AtomicSemanticsTest {
    static final long B = Machine.RAM_BASE;
    static final long D = B + 0x8000;
    static final int AQ = 1 << 26, RL = 1 << 25;

    @Test
    void orderingBitsDoNotChangeResults() {
        int[] kinds = {AMOADD, AMOSWAP, AMOXOR, AMOOR, AMOAND, AMOMIN, AMOMAX, AMOMINU, AMOMAXU};
        for (boolean dbl : new boolean[] {false, true}) {
            for (int f5 : kinds) {
                long[] first = null;
                for (int bits : new int[] {0, AQ, RL, AQ | RL}) {
                    try (Machine m = withHandler(amo(f5, dbl, A0, A1, A2) | bits)) {
                        m.sd(D, 0x8000_0001_8000_0005L);
                        m.set(A1, D).set(A2, 0xffff_fffe_0000_0003L);
                        assertEquals(RunExit.STOPPED, m.run());
                        long[] now = {m.x(A0), m.ld(D)};
                        if (first == null) {
                            first = now;
                        } else {
                            assertEquals(first[0], now[0], "rd, f5 " + f5 + " bits " + bits);
                            assertEquals(first[1], now[1], "memory, f5 " + f5 + " bits " + bits);
                        }
                    }
                }
            }
        }
        // LR.aqrl / SC.aqrl: the pair still succeeds
        try (Machine m = withHandler(lrD(A0, A1) | AQ | RL, scD(A3, A1, A2) | AQ | RL)) {
            m.sd(D, 4);
            m.set(A1, D).set(A2, 9).set(A3, 7);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0, m.x(A3));
            assertEquals(9, m.ld(D));
        }
    }

    /** Runs LR on hart 0, lets {@code other} run on hart 1, then SC on hart 0; returns hart 0's machine. */
    private static Machine lrThenOtherThenSc(boolean dbl, int... other) {
        Machine m = withHandler(dbl ? lrD(A0, A1) : lrW(A0, A1), ECALL, dbl ? scD(A2, A1, A3) : scW(A2, A1, A3));
        m.sd(D, 5);
        m.set(A1, D).set(A3, 6).set(A2, 9);
        m.host.onEcall = v -> EcallOutcome.YIELD;
        assertEquals(RunExit.BUDGET_EXHAUSTED, m.run()); // between LR and SC
        RiscvHart h = m.newHart(1);
        Asm o = new Asm(B + 0x1000);
        o.emit(other);
        o.emit(ECALL);
        m.load(o, B + 0x1000);
        h.setPc(B + 0x1000);
        h.setRegister(A1, D);
        h.setRegister(A2, 11);
        assertEquals(RunExit.STOPPED, h.run(100));
        m.host.onEcall = v -> EcallOutcome.STOP;
        assertEquals(RunExit.STOPPED, m.run());
        return m;
    }

    @Test
    void plainStoreByAnotherHartBreaksTheReservation() {
        for (boolean dbl : new boolean[] {false, true}) {
            try (Machine m = lrThenOtherThenSc(dbl, dbl ? sd(A2, A1, 0) : sw(A2, A1, 0))) {
                assertEquals(1, m.x(A2), "SC failed with code 1");
                assertEquals(11, m.ld(D), "the other hart's store stays");
            }
        }
    }

    @Test
    void successfulScOfAnotherHartBreaksTheReservation() {
        try (Machine m = lrThenOtherThenSc(true, lrD(T0, A1), scD(T1, A1, T0))) { // writes back the same value
            assertEquals(1, m.x(A2));
            assertEquals(5, m.ld(D));
        }
    }

    @Test
    void anotherHartsLoadOrStoreElsewhereKeepsTheReservation() {
        try (Machine m = lrThenOtherThenSc(true, ld(T0, A1, 0), sd(A2, A1, 64))) {
            assertEquals(0, m.x(A2), "SC succeeded");
            assertEquals(6, m.ld(D));
            assertEquals(11, m.ld(D + 64));
        }
    }

    @Test
    void aTrapBetweenLrAndScEndsTheReservation() {
        // LR, then an interrupt (its handler returns with sret), then SC: the SC fails
        try (Machine m = new Machine()) {
            Asm a = new Asm(B);
            a.emit(lrW(A0, A1), jal(ZERO, 4), addi(T0, ZERO, 1), scW(A2, A1, A3), ECALL); // jal ends the LR's block
            m.load(a, B);
            long handler = B + 0x400;
            Asm h = new Asm(handler);
            h.emit(csrrci(ZERO, 0x144, 2), SRET); // clear SSIP, return
            m.load(h, handler);
            Traps.setStvec(m, handler);
            m.sd(D, 5);
            m.set(A1, D).set(A3, 6).set(A2, 9);
            m.host.onEcall = v -> EcallOutcome.STOP;
            // run the LR alone (budget 1), then raise SSI and let it be taken before the SC
            assertEquals(RunExit.BUDGET_EXHAUSTED, m.hart.run(1));
            Traps.put(m, Traps.SIE, 2);
            Traps.put(m, Traps.SSTATUS, 1L << 1);
            m.hart.setInterruptPending(1, true);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A2), "reservation lost to the trap");
            assertEquals(5, m.ld(D));
        }
    }

    @Test
    void failedScWordWritesNothingAndSucceedingScWordWritesOnlyItsWord() {
        try (Machine m = withHandler(scW(A2, A1, A3), lrW(A0, A1), scW(A4, A1, A3))) {
            m.sd(D, 0x1111_1111_2222_2222L);
            m.set(A1, D).set(A3, 0xaaaa_aaaa_bbbb_bbbbL).set(A2, 9).set(A4, 9);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A2));
            assertEquals(0x2222_2222L, m.x(A0));
            assertEquals(0, m.x(A4));
            assertEquals(0x1111_1111_bbbb_bbbbL, m.ld(D));
        }
    }

    @Test
    void atomicsFaultLikeLoadsAndStoresUnderPaging() {
        long va = PagingTest.DATA_VA;
        // AMO on a read-only page: store/AMO page fault, memory unchanged
        try (Machine m = PagingTest.paged(amo(AMOADD, true, A0, A1, A2))) {
            new PagingTest.Tables(m).map(va, PagingTest.DATA_PA, PagingTest.V | PagingTest.R | PagingTest.A, 0);
            m.sd(PagingTest.DATA_PA, 40);
            m.set(A1, va).set(A2, 2).set(A0, 0x5a);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 15, B, va);
            assertEquals(40, m.ld(PagingTest.DATA_PA));
            assertEquals(0x5a, m.x(A0));
        }
        // LR on an unmapped page: load page fault; SC on a read-only page: store/AMO page fault
        try (Machine m = PagingTest.paged(lrD(A0, A1))) {
            m.set(A1, va);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 13, B, va);
        }
        try (Machine m = PagingTest.paged(scD(A0, A1, A2))) {
            new PagingTest.Tables(m).map(va, PagingTest.DATA_PA, PagingTest.V | PagingTest.R | PagingTest.A, 0);
            m.set(A1, va);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 15, B, va);
        }
        // AMO on a writable page sets D
        try (Machine m = PagingTest.paged(amo(AMOOR, false, A0, A1, A2))) {
            long slot = new PagingTest.Tables(m).map(va, PagingTest.DATA_PA, PagingTest.V | PagingTest.R | PagingTest.W, 0);
            m.set(A1, va).set(A2, 0x10);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0x10, m.lw(PagingTest.DATA_PA));
            assertEquals(PagingTest.A | PagingTest.D, m.ld(slot) & (PagingTest.A | PagingTest.D));
        }
    }

    /** An AMO that rewrites an instruction of a block already decoded (and run) is seen by the next fetch. */
    @Test
    void amoOnDecodedCodeIsSeenByTheNextFetch() {
        try (Machine m = new Machine()) {
            long target = B + 0x100;
            Asm t = new Asm(target);
            t.emit(addi(A0, A0, 1), jalr(ZERO, RA, 0));
            m.load(t, target);
            Asm a = new Asm(B);
            a.li(T1, target);
            a.emit(jalr(RA, T1, 0)); // run the block once: decoded (and translated at threshold 0)
            a.emit(amo(AMOSWAP, false, ZERO, T1, T2)); // addi a0, a0, 1 -> addi a0, a0, 100
            a.emit(jalr(RA, T1, 0));
            a.emit(ECALL);
            m.load(a, B);
            m.set(T2, addi(A0, A0, 100));
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(101, m.x(A0));
        }
    }
}
