package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.CsrTest.withHandler;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * Trap causes and CSR rules from U-mode not covered by {@link TrapTest} and {@link CsrTest}
 * (Privileged ISA, "scause", "sstatus", "Supervisor Interrupt Registers", "scounteren"):
 * breakpoints from U-mode, every interrupt taken from U-mode regardless of sstatus.SIE and
 * in priority order, access faults from U-mode, counter gating per scounteren bit, CSR
 * writes from U-mode and through the immediate forms to read-only CSRs.
 */
class TrapCauseTest {
    static final long B = Machine.RAM_BASE;
    static final long SIE_BIT = 1L << 1, SPIE = 1L << 5, SPP = 1L << 8;

    private static Machine userMode(int... program) {
        Machine m = withHandler(program);
        Traps.put(m, Traps.PRIV, 0);
        return m;
    }

    @Test
    void breakpointsFromUserMode() {
        try (Machine m = userMode(addi(A0, ZERO, 1), EBREAK)) {
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 3, B + 4, B + 4);
            long s = Traps.get(m, Traps.SSTATUS);
            assertEquals(SPIE, s & (SIE_BIT | SPIE | SPP), "SPP = U, SPIE = old SIE, SIE = 0");
            assertEquals(1, Traps.get(m, Traps.PRIV));
        }
        try (Machine m = new Machine()) { // C.EBREAK from U-mode
            Asm a = new Asm(B);
            a.i16(cEbreak());
            m.load(a, B);
            Asm h = new Asm(CsrTest.HANDLER);
            h.emit(ECALL);
            m.load(h, CsrTest.HANDLER);
            Traps.setStvec(m, CsrTest.HANDLER);
            Traps.put(m, Traps.PRIV, 0);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 3, B, B);
        }
    }

    @Test
    void everyInterruptIsTakenFromUserModeWhateverSstatusSie() {
        for (int line : new int[] {1, 5, 9}) {
            try (Machine m = userMode(addi(A0, ZERO, 1))) {
                Traps.put(m, Traps.SIE, 1L << line);
                m.hart.setInterruptPending(line, true);
                assertEquals(RunExit.STOPPED, m.run());
                Traps.assertTrap(m, (1L << 63) | line, B, 0);
                assertEquals(0, m.x(A0), "taken before the first instruction");
                assertEquals(0, Traps.get(m, Traps.SSTATUS) & SPP);
            }
        }
    }

    @Test
    void interruptPriorityHoldsInUserModeToo() {
        try (Machine m = userMode(addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SIE, 0x222);
            for (int line : new int[] {1, 5, 9}) {
                m.hart.setInterruptPending(line, true);
            }
            m.run();
            Traps.assertTrap(m, (1L << 63) | 9, B, 0); // SEI first
        }
        try (Machine m = userMode(addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SIE, 0x022); // SEIE off: SSI before STI
            for (int line : new int[] {1, 5, 9}) {
                m.hart.setInterruptPending(line, true);
            }
            m.run();
            Traps.assertTrap(m, (1L << 63) | 1, B, 0);
        }
        try (Machine m = userMode(addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SIE, 0); // all pending, none enabled in sie: the program runs
            for (int line : new int[] {1, 5, 9}) {
                m.hart.setInterruptPending(line, true);
            }
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A0));
            Traps.assertTrap(m, 8, B + 4, 0); // its closing ecall, from U-mode
        }
    }

    @Test
    void accessFaultsFromUserMode() {
        try (Machine m = userMode(ld(A0, A1, 0))) {
            m.set(A1, 0x1000);
            m.run();
            Traps.assertTrap(m, 5, B, 0x1000);
        }
        try (Machine m = userMode(sw(A0, A1, 0))) {
            m.set(A1, 0x1000);
            m.run();
            Traps.assertTrap(m, 7, B, 0x1000);
        }
        try (Machine m = userMode(jalr(ZERO, A1, 0))) {
            m.set(A1, 0x1000);
            m.run();
            Traps.assertTrap(m, 1, 0x1000, 0x1000);
        }
    }

    @Test
    void eachScounterenBitGatesItsOwnCounter() {
        for (int n : new int[] {0, 1, 2, 3, 17, 31}) {
            int csr = 0xc00 + n;
            try (Machine m = userMode(csrrs(A0, csr, ZERO))) {
                Traps.put(m, Traps.SCOUNTEREN, ~(1L << n) & 0xffffffffL); // every bit but n
                m.run();
                Traps.assertTrap(m, 2, B, csrrs(A0, csr, ZERO) & 0xffffffffL);
            }
            try (Machine m = userMode(csrrs(A0, csr, ZERO))) {
                Traps.put(m, Traps.SCOUNTEREN, 1L << n);
                m.host.time = 4242;
                m.set(A0, 0x5a);
                m.run();
                Traps.assertTrap(m, 8, B + 4, 0); // read, then its ecall
                // time from the host; cycle and instret count the 0 instructions retired before; hpm read 0
                assertEquals(n == 1 ? 4242 : 0, m.x(A0), "counter " + n);
            }
        }
    }

    @Test
    void userModeCannotWriteSupervisorCsrsAndNobodyWritesCounters() {
        for (int insn : new int[] {csrrw(ZERO, 0x100, A1), csrrsi(ZERO, 0x104, 1), csrrc(A0, 0x141, A1),
            csrrwi(ZERO, 0x140, 0), csrrs(A0, 0x10a, ZERO)}) {
            try (Machine m = userMode(insn)) {
                m.run();
                Traps.assertTrap(m, 2, B, insn & 0xffffffffL);
            }
        }
        // S-mode: the immediate forms with a nonzero uimm are writes, so read-only counters refuse them
        for (int insn : new int[] {csrrsi(A0, 0xc00, 1), csrrci(A0, 0xc01, 1), csrrwi(A0, 0xc02, 0),
            csrrc(A0, 0xc03, A1)}) {
            try (Machine m = withHandler(insn)) {
                m.set(A1, 1);
                m.run();
                Traps.assertTrap(m, 2, B, insn & 0xffffffffL);
            }
        }
        // ...while csrrsi/csrrci with uimm 0 only read
        try (Machine m = withHandler(csrrsi(A0, 0xc02, 0), csrrci(A1, 0xc01, 0))) {
            m.host.time = 99;
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0, m.x(A0));
            assertEquals(99, m.x(A1));
        }
    }

    /** The immediate CSR forms on read-write CSRs: set and clear bits, write a 5-bit value. */
    @Test
    void immediateCsrFormsOnSupervisorCsrs() {
        try (Machine m = withHandler(csrrwi(ZERO, 0x104, 0x2), csrrsi(A0, 0x104, 0), csrrsi(ZERO, 0x100, 2),
                csrrs(A1, 0x100, ZERO), csrrci(ZERO, 0x100, 2), csrrs(A2, 0x100, ZERO), csrrwi(A3, 0x106, 0x1f),
                csrrs(A4, 0x106, ZERO))) {
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(2, m.x(A0));
            assertEquals(SIE_BIT, m.x(A1) & SIE_BIT);
            assertEquals(0, m.x(A2) & SIE_BIT);
            assertEquals(0, m.x(A3));
            assertEquals(0x1f, m.x(A4));
        }
    }
}
