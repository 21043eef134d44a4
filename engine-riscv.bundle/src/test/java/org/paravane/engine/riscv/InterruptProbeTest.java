package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.CsrTest.HANDLER;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * {@link InterruptProbe}: the external-interrupt trap and the hart's next environment call
 * (a guest upcall handler's acknowledgement) are stamped, and the instructions between
 * them counted, only while armed.
 */
class InterruptProbeTest {
    private static final long SIE_BIT = 1L << 1;

    @AfterEach
    void disarm() {
        InterruptProbe.disarm();
    }

    /** A machine whose S-mode handler runs {@code handler} then ecalls, with SEI pending and enabled. */
    private static Machine withSeiPending(int... handler) {
        Machine m = new Machine();
        m.program(addi(A0, ZERO, 1));
        Asm h = new Asm(HANDLER);
        h.emit(handler);
        h.emit(ECALL);
        m.load(h, HANDLER);
        Traps.setStvec(m, HANDLER);
        Traps.put(m, Traps.SIE, 0x200);
        Traps.put(m, Traps.SSTATUS, SIE_BIT);
        m.hart.setInterruptPending(9, true);
        return m;
    }

    @Test
    void countsTheHandlerUpToItsFirstEcall() {
        for (int n : new int[] {0, 1, 5}) {
            int[] body = new int[n];
            for (int i = 0; i < n; i++) {
                body[i] = addi(A1, A1, 1);
            }
            try (Machine m = withSeiPending(body)) {
                InterruptProbe.arm();
                long before = System.nanoTime();
                assertEquals(RunExit.STOPPED, m.run());
                assertEquals(n, m.x(A1));
                assertEquals(n + 1, InterruptProbe.instructionsToFirstCall(), "handler of " + n + " + the ecall");
                assertTrue(InterruptProbe.externalTrapNanos() >= before);
                assertTrue(InterruptProbe.firstCallNanos() >= InterruptProbe.externalTrapNanos());
            }
        }
    }

    @Test
    void anEcallWithoutATrapIsNotStamped() {
        try (Machine m = CsrTest.withHandler(addi(A0, ZERO, 1))) { // no interrupt: the program's own ecall
            InterruptProbe.arm();
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0, InterruptProbe.externalTrapNanos());
            assertEquals(0, InterruptProbe.firstCallNanos());
            assertEquals(-1, InterruptProbe.instructionsToFirstCall());
        }
    }

    @Test
    void disarmedRecordsNothing() {
        InterruptProbe.arm();
        InterruptProbe.disarm();
        try (Machine m = withSeiPending(addi(A1, A1, 1))) {
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A1));
            assertEquals(0, InterruptProbe.externalTrapNanos());
            assertEquals(-1, InterruptProbe.instructionsToFirstCall());
        }
    }
}
