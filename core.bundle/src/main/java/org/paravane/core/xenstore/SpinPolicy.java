package org.paravane.core.xenstore;

import java.util.function.LongToIntFunction;

/**
 * Decides, for each wait of one client's reader, how long it spins before it sleeps.
 *
 * <p>Why not always: spinning saves the reader's own wake-up only when a CPU is free for the
 * spinner. On a quiet machine a woken idle vCPU is slow (tens of microseconds; this VM's
 * guest halt-poll is 0 ns) and a reader still spinning answers the next request at once. On a
 * machine with more runnable threads than CPUs the spinner takes CPU time from the very
 * client it waits for: in A/B runs at load 7-19 a spinning server made a blocking client's
 * round trips 1.5-2.1 times slower, for the C peer and for xenstored alike
 * (docs/xenstore.md). So the {@linkplain #whileCpuIdle adaptive} policy spins only while the
 * kernel's runnable-thread count leaves a CPU for the spinner and one for its client:
 * {@code runnable <= cpus}. The count includes this reader and, often, the client it just
 * woke with a reply, so on a quiet 2-CPU machine it reads 1 or 2, and under load far more.
 * It comes from a shared {@link RunnableCount} sample.
 *
 * <p>Pure logic; the count comes in as a function of the current time.
 */
final class SpinPolicy {

    private final long spinNanos;
    private final LongToIntFunction runnable;
    private final int cpus;
    private long decisions;
    private long spinDecisions;

    private SpinPolicy(long spinNanos, LongToIntFunction runnable, int cpus) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos is negative: " + spinNanos);
        }
        this.spinNanos = spinNanos;
        this.runnable = runnable;
        this.cpus = cpus;
    }

    /** Always spins up to {@code spinNanos} (0: never). */
    static SpinPolicy fixed(long spinNanos) {
        return new SpinPolicy(spinNanos, null, 0);
    }

    /**
     * Spins up to {@code spinNanos} while {@code runnable(now) <= cpus}; an unknown count
     * ({@link RunnableCount#UNKNOWN}) spins, as configured.
     */
    static SpinPolicy whileCpuIdle(long spinNanos, LongToIntFunction runnable, int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, not " + cpus);
        }
        return new SpinPolicy(spinNanos, runnable, cpus);
    }

    /** How long the wait starting at {@code nowNanos} spins before sleeping (0 = sleep at once). */
    long spinBound(long nowNanos) {
        if (runnable == null || spinNanos == 0) {
            return spinNanos;
        }
        int r = runnable.applyAsInt(nowNanos);
        boolean spin = r == RunnableCount.UNKNOWN || r <= cpus;
        decisions++;
        if (spin) {
            spinDecisions++;
        }
        return spin ? spinNanos : 0;
    }

    /** Waits decided so far (adaptive policy only). */
    long decisions() {
        return decisions;
    }

    /** Waits that were allowed to spin (adaptive policy only). */
    long spinDecisions() {
        return spinDecisions;
    }
}
