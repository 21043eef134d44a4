package org.paravane.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The adaptive idle-spin window, fed idle times directly (no threads, no clocks). */
class IdleSpinPolicyTest {

    private static final long MAX = 40_000;

    @Test
    void startsClosedAndOpensOnlyAfterAShortIdlePeriod() {
        IdleSpinPolicy p = new IdleSpinPolicy(MAX);
        assertEquals(0, p.windowNs(), "a worker that never saw quick wake-ups parks at once");
        p.parkedFor(MAX + 1);
        assertEquals(0, p.windowNs(), "a long idle period does not open the window");
        p.parkedFor(5_000);
        assertEquals(MAX / 4, p.windowNs());
    }

    @Test
    void growsByDoublingUpToTheBound() {
        IdleSpinPolicy p = new IdleSpinPolicy(MAX);
        p.parkedFor(1_000);
        p.parkedFor(1_000);
        assertEquals(MAX / 2, p.windowNs());
        p.parkedFor(MAX); // exactly the bound: a spin of MAX would still have caught it
        assertEquals(MAX, p.windowNs());
        p.parkedFor(1_000);
        assertEquals(MAX, p.windowNs(), "never beyond the configured bound");
    }

    @Test
    void wakeUpsFarApartCloseTheWindowWithinAFewPeriods() {
        IdleSpinPolicy p = new IdleSpinPolicy(MAX);
        for (int i = 0; i < 5; i++) {
            p.parkedFor(1_000);
        }
        assertEquals(MAX, p.windowNs());
        // timer ticks of idle domains: 10 ms apart; each costs at most one spin before it shrinks
        int spinsBeforeClosed = 0;
        while (p.windowNs() > 0) {
            spinsBeforeClosed++;
            p.parkedFor(10_000_000);
        }
        assertEquals(5, spinsBeforeClosed, "MAX, MAX/2, MAX/4, MAX/8, MAX/16, then closed");
        p.parkedFor(10_000_000);
        assertEquals(0, p.windowNs(), "stays closed while wake-ups stay far apart");
    }

    @Test
    void caughtWorkKeepsTheWindow() {
        IdleSpinPolicy p = new IdleSpinPolicy(MAX);
        p.parkedFor(1_000);
        long w = p.windowNs();
        for (int i = 0; i < 100; i++) {
            p.caughtWork();
        }
        assertEquals(w, p.windowNs());
    }

    @Test
    void aContendedSpinClosesTheWindowForAHoldOffThatDoublesAndHalves() {
        IdleSpinPolicy p = new IdleSpinPolicy(MAX);
        p.parkedFor(1_000);
        p.contended();
        assertEquals(0, p.windowNs());
        assertEquals(IdleSpinPolicy.MIN_HOLD_OFF, p.holdOff());
        for (int i = 0; i < IdleSpinPolicy.MIN_HOLD_OFF; i++) {
            p.parkedFor(1_000);
            assertEquals(0, p.windowNs(), "held off: short idle periods do not reopen it yet");
        }
        p.parkedFor(1_000);
        assertEquals(MAX / 4, p.windowNs(), "reopens after the hold-off");
        p.contended();
        assertEquals(2 * IdleSpinPolicy.MIN_HOLD_OFF, p.holdOff(), "a second contention holds off twice as long");
        for (int i = 0; i < 20; i++) {
            p.contended();
        }
        assertEquals(IdleSpinPolicy.MAX_HOLD_OFF, p.holdOff(), "capped");
        for (int i = 0; i < IdleSpinPolicy.MAX_HOLD_OFF; i++) {
            p.parkedFor(1_000);
        }
        p.parkedFor(1_000);
        assertTrue(p.windowNs() > 0);
        for (int i = 0; i < 20; i++) {
            p.caughtWork(); // undisturbed catches ease the next hold-off back to the minimum
        }
        p.contended();
        assertEquals(IdleSpinPolicy.MIN_HOLD_OFF, p.holdOff());
    }

    @Test
    void zeroNeverSpins() {
        IdleSpinPolicy p = new IdleSpinPolicy(0);
        for (int i = 0; i < 10; i++) {
            p.parkedFor(0);
        }
        assertEquals(0, p.windowNs());
    }

    @Test
    void rejectsBoundsOutsideTheRange() {
        assertThrows(IllegalArgumentException.class, () -> new IdleSpinPolicy(-1));
        assertThrows(IllegalArgumentException.class, () -> new IdleSpinPolicy(10_000_001));
    }
}
