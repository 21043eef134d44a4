package org.paravane.core.sched;

/**
 * An opt-in timestamp trace of one event on its way from {@code EVTCHNOP_send} to the
 * target vCPU's engine (docs/benchmarks.md, event latency). Off by default: each probe point
 * costs one volatile read of {@link #armed} then. A benchmark that keeps one event in flight
 * at a time {@link #arm arms} the probe before the send; each step then records
 * {@code System.nanoTime()} into a preallocated slot the first time it is reached (later
 * passes, such as the guest's answer, do not overwrite it) and the benchmark reads the
 * slots after the event arrived. Static on purpose: the probe points sit in three packages
 * (evtchn, hv, sched) and must cost nothing to reach.
 */
public final class LatencyProbe {

    /** Step: the sender entered {@code EventChannels.send}. */
    public static final int SEND = 0;
    /** Step: the port's pending bit went 0 → 1 in the target's shared_info. */
    public static final int PENDING_SET = 1;
    /** Step: the upcall edge kicked the target vCPU (SEIP raised, before the scheduler). */
    public static final int KICK = 2;
    /** Step: {@link CreditScheduler#wake} queued the vCPU and signalled a worker (or found it running). */
    public static final int QUEUED = 3;
    /** Step: a worker took the vCPU off the run queue (after its wake-up, if it slept). */
    public static final int PICKUP = 4;
    /** Step: the worker called the engine's {@code run}. */
    public static final int RUN = 5;
    /**
     * Step: a domU entered {@code EventChannels.send}: in the event-latency benchmark, the
     * guest's handler answering (after it cleared the pending bit and ran the callback).
     */
    public static final int GUEST_SEND = 6;
    /** Number of steps recorded here (the engine adds its own). */
    public static final int STEPS = 7;

    private static volatile boolean armed;
    private static final long[] STAMPS = new long[STEPS];

    private LatencyProbe() {
    }

    /** Clears the slots and starts recording (benchmark thread, before the send). */
    public static void arm() {
        synchronized (STAMPS) {
            java.util.Arrays.fill(STAMPS, 0L);
        }
        armed = true;
    }

    /** Stops recording. */
    public static void disarm() {
        armed = false;
    }

    /** True while armed. */
    public static boolean armed() {
        return armed;
    }

    /** Records step {@code step} now, unless already recorded since {@link #arm}. */
    public static void mark(int step) {
        if (armed) {
            record(step);
        }
    }

    private static void record(int step) {
        long now = System.nanoTime();
        synchronized (STAMPS) {
            if (STAMPS[step] == 0L) {
                STAMPS[step] = now;
            }
        }
    }

    /** Copies the slots into {@code into} (length ≥ {@link #STEPS}); 0 = step not reached. */
    public static void read(long[] into) {
        synchronized (STAMPS) {
            System.arraycopy(STAMPS, 0, into, 0, STEPS);
        }
    }
}
