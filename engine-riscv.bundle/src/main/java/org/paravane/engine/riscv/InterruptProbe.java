package org.paravane.engine.riscv;

/**
 * An opt-in timestamp of the engine's side of an event upcall: when a hart takes the
 * supervisor external interrupt (the upcall, docs/abi.md §3), i.e. enters the guest's trap
 * handler. Used by the event-latency benchmark next to the core's probe
 * ({@code org.paravane.core.sched.LatencyProbe}); off by default, then the interrupt check
 * pays one volatile read per taken interrupt, nothing per block.
 */
public final class InterruptProbe {

    static volatile boolean armed;
    private static long externalTrapNanos;

    private InterruptProbe() {
    }

    /** Forgets the last stamp and records the next external-interrupt trap of any hart. */
    public static synchronized void arm() {
        externalTrapNanos = 0;
        armed = true;
    }

    /** Stops recording. */
    public static void disarm() {
        armed = false;
    }

    static synchronized void externalTrap(long nanos) {
        if (externalTrapNanos == 0) {
            externalTrapNanos = nanos;
        }
    }

    /** {@code System.nanoTime()} of the first external-interrupt trap since {@link #arm}, or 0. */
    public static synchronized long externalTrapNanos() {
        return externalTrapNanos;
    }
}
