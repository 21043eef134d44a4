package org.paravane.core.sched;

/**
 * How long one scheduler worker spins, after its vCPU blocked, before it parks: an adaptive
 * window in the manner of KVM's halt polling. Waking a parked host thread costs a futex
 * wake-up and, on a virtualised host whose idle cores halt, tens of microseconds before the
 * core runs again; a worker that is still spinning when the next vCPU is handed to it picks
 * it up in well under a microsecond. Spinning burns the core, so the window is earned:
 * <ul>
 * <li>It starts closed (0). A worker that parked and was handed work again within
 *     {@code max} ns (a spin of that length would have caught it) opens the window
 *     ({@code max / 4}, then doubling up to {@code max}).</li>
 * <li>A spin that ran its whole window without work, followed by a park longer than
 *     {@code max}, halves it; below {@code max / 16} it closes again.</li>
 * <li>A spin that caught work keeps the window.</li>
 * <li>A spin that lost its core (a yield that came back only after {@link #CONTENDED_NS}:
 *     other threads want this core) closes the window and keeps it closed for the next
 *     idle periods: on a busy host a spinner that yielded waits a whole host time slice to
 *     run again, far longer than an unpark takes. The hold-off starts at
 *     {@link #MIN_HOLD_OFF} idle periods, doubles with each contended spin up to
 *     {@link #MAX_HOLD_OFF} and halves with each spin that caught work undisturbed: rare
 *     contention (a JIT compile) costs a few spins, a loaded host turns the spin off.</li>
 * </ul>
 * So a worker spins only while its wake-ups come in quick succession (an event ping-pong, a
 * busy I/O ring); a host whose guests are all blocked, or whose wake-ups are far apart
 * (timer ticks of idle domains), closes the window after a few wake-ups and parks at once:
 * each long gap costs at most one failed spin before the window shrinks. Not thread-safe:
 * one instance per worker, used only by that worker's thread.
 */
public final class IdleSpinPolicy {

    /** A yield that took longer than this (ns) means other threads wanted the core. */
    public static final long CONTENDED_NS = 20_000;
    /** Fewest idle periods after a contended spin during which the window stays closed. */
    public static final int MIN_HOLD_OFF = 8;
    /** Most idle periods after a contended spin during which the window stays closed. */
    public static final int MAX_HOLD_OFF = 4096;

    private final long maxNs;
    private long windowNs;
    private int holdOff;
    private int nextHoldOff = MIN_HOLD_OFF;

    /** A policy spinning at most {@code maxNs} (0 = never spin). */
    public IdleSpinPolicy(long maxNs) {
        if (maxNs < 0 || maxNs > 10_000_000L) {
            throw new IllegalArgumentException("idle spin must be 0..10,000,000 ns, was " + maxNs);
        }
        this.maxNs = maxNs;
    }

    /** The configured bound in ns. */
    public long maxNs() {
        return maxNs;
    }

    /** How long to spin now, in ns (0 = park at once). */
    public long windowNs() {
        return windowNs;
    }

    /** The spin was handed work before its window ran out: keep the window. */
    public void caughtWork() {
        // the window was long enough and the core was ours: contention, if any, has eased
        nextHoldOff = Math.max(MIN_HOLD_OFF, nextHoldOff / 2);
    }

    /** The spin lost its core for longer than {@link #CONTENDED_NS}: stop spinning for a while. */
    public void contended() {
        windowNs = 0;
        holdOff = nextHoldOff;
        nextHoldOff = Math.min(MAX_HOLD_OFF, nextHoldOff * 2);
    }

    /** Idle periods the window stays closed for after a contended spin (tests, diagnostics). */
    public int holdOff() {
        return holdOff;
    }

    /**
     * The worker parked (after a spin of the current window, possibly 0) and was handed work
     * {@code idleNs} after it ran out of work (spin included).
     */
    public void parkedFor(long idleNs) {
        if (maxNs == 0) {
            return;
        }
        if (holdOff > 0) {
            holdOff--;
            return;
        }
        if (idleNs <= maxNs) {
            // A longer spin would have caught this wake-up: grow (KVM: grow_halt_poll_ns).
            windowNs = windowNs == 0 ? Math.max(1, maxNs / 4) : Math.min(maxNs, windowNs * 2);
        } else {
            // The wake-up came long after any spin would have ended: the spin was wasted.
            windowNs /= 2;
            if (windowNs < maxNs / 16) {
                windowNs = 0;
            }
        }
    }
}
