package org.paravane.engine.riscv;

/**
 * An opt-in timestamp of the engine's side of an event upcall: when a hart takes the
 * supervisor external interrupt (the upcall, docs/abi.md §3), i.e. enters the guest's trap
 * handler, and when that hart next makes an environment call. A guest's upcall handler
 * ends with its acknowledgement hypercall (paravane_upcall_ack), so for a handler that
 * makes no other call on the way the second stamp measures the guest's handler: its host
 * time and its length in instructions (instret difference, independent of host load). Used
 * by the event-latency benchmark next to the core's probe
 * ({@code org.paravane.core.sched.LatencyProbe}); off by default, then the interrupt check
 * and the environment call pay one volatile read each, nothing per block.
 */
public final class InterruptProbe {

    static volatile boolean armed;
    private static long externalTrapNanos;
    private static long externalTrapInstret;
    private static long callNanos;
    private static long callInstret;

    private InterruptProbe() {
    }

    /** Forgets the last stamps and records the next external-interrupt trap of any hart. */
    public static synchronized void arm() {
        externalTrapNanos = 0;
        callNanos = 0;
        armed = true;
    }

    /** Stops recording. */
    public static void disarm() {
        armed = false;
    }

    static synchronized void externalTrap(long nanos, long instret) {
        if (externalTrapNanos == 0) {
            externalTrapNanos = nanos;
            externalTrapInstret = instret;
        }
    }

    static synchronized void environmentCall(long instret, long nanos) {
        // Only the first call after the recorded trap: the handler's acknowledgement.
        if (externalTrapNanos != 0 && callNanos == 0) {
            callNanos = nanos;
            callInstret = instret;
        }
    }

    /** {@code System.nanoTime()} of the first external-interrupt trap since {@link #arm}, or 0. */
    public static synchronized long externalTrapNanos() {
        return externalTrapNanos;
    }

    /** {@code System.nanoTime()} of the first environment call after that trap, or 0. */
    public static synchronized long firstCallNanos() {
        return callNanos;
    }

    /**
     * Guest instructions retired from that trap to that environment call (the ecall
     * included), or -1 if either was not seen. Meaningful when one hart did both, as with a
     * single-vCPU target.
     */
    public static synchronized long instructionsToFirstCall() {
        return externalTrapNanos == 0 || callNanos == 0 ? -1 : callInstret - externalTrapInstret;
    }
}
