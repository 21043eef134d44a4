package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.engine.riscv.Asm.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.RunExit;

/**
 * Guests that misbehave on purpose: random bytes as code, interrupt storms. Whatever they
 * do, run() returns a RunExit within its budget and never throws.
 */
class HostileGuestTest {
    static final long B = Machine.RAM_BASE;

    @Test
    void randomBytesAsCodeNeverThrow() {
        Random r = new Random(42);
        int crashed = 0;
        for (int round = 0; round < 60; round++) {
            try (Machine m = new Machine(64 << 10)) {
                // a handler that skips the faulting halfword: sepc += 2; sret
                long handler = B + 0x100;
                Asm h = new Asm(handler);
                h.emit(csrrs(T6, 0x141, ZERO), addi(T6, T6, 2), csrrw(ZERO, 0x141, T6), SRET);
                byte[] junk = new byte[8192];
                r.nextBytes(junk);
                m.load(B + 0x1000, junk);
                m.load(h, handler);
                Traps.setStvec(m, handler);
                for (int i = 1; i < 32; i++) {
                    m.set(i, r.nextBoolean() ? B + r.nextInt(64 << 10) : r.nextLong());
                }
                m.hart.setPc(B + 0x1000);
                m.host.onEcall = v -> EcallOutcome.CONTINUE;
                RunExit e = RunExit.BUDGET_EXHAUSTED;
                for (int slice = 0; slice < 10 && e != RunExit.CRASHED; slice++) {
                    e = m.hart.run(5_000);
                    assertNotNull(e);
                    if (e == RunExit.IDLE) {
                        m.hart.setInterruptPending(9, true);
                    }
                }
                if (e == RunExit.CRASHED) {
                    crashed++;
                    assertEquals(1, m.host.crashes.size());
                }
            }
        }
        assertTrue(crashed < 60, "some random guests should survive their faults");
    }

    @Test
    void interruptStormOnlyConsumesItsBudget() {
        try (Machine m = new Machine()) {
            long handler = B + 0x100;
            // the handler returns without acknowledging the interrupt: it fires again at once
            m.load(new Asm(handler).emit(addi(S1, S1, 1), SRET), handler);
            m.program(jal(ZERO, 0));
            Traps.setStvec(m, handler);
            Traps.put(m, Traps.SIE, 0x200);
            Traps.put(m, Traps.SSTATUS, 1L << 1);
            m.hart.setInterruptPending(9, true);
            for (int i = 0; i < 10; i++) {
                assertEquals(RunExit.BUDGET_EXHAUSTED, m.hart.run(10_000));
            }
            long retired = m.hart.instructionsRetired();
            assertTrue(retired >= 100_000 && retired < 100_000 + 10 * 2048, "retired " + retired);
            assertTrue(m.x(S1) > 1000);
            assertTrue(m.host.crashes.isEmpty());
        }
    }
}
