package org.paravane.backend.vhd;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits until the JIT compiler has been idle for a while, after {@link VhdWarmup}: the
 * warm-up's last rounds leave methods queued for the optimising compiler, and on a 2-CPU
 * host those compilations would otherwise run during the swap that follows, on the CPUs the
 * device's resume needs. Waiting here costs nothing the guest sees: the old build still
 * serves while the new one's component is being made.
 */
public final class JitQuiet {

    private JitQuiet() {
    }

    /** What a wait saw. */
    public record Result(boolean quiet, long waitedNanos, long compileMillis) {
        /** No wait was made (turned off, or nothing was warmed up). */
        public static final Result NOT_WAITED = new Result(false, 0, 0);
    }

    /**
     * Waits until the JVM's total compilation time has not moved for {@code quiet}, polling
     * every {@code poll}, at most {@code max}. Returns at once when the JVM does not report
     * compilation time.
     */
    public static Result await(Duration quiet, Duration poll, Duration max) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return new Result(false, 0, -1);
        }
        return await(jit::getTotalCompilationTime, quiet, poll, max);
    }

    /** {@link #await(Duration, Duration, Duration)} over any millisecond counter of compile time. */
    static Result await(LongSupplier compileMillis, Duration quiet, Duration poll, Duration max)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + max.toNanos();
        long last = compileMillis.getAsLong();
        long first = last;
        long stillSince = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now - stillSince >= quiet.toNanos()) {
                return new Result(true, now - t0, last - first);
            }
            if (now >= deadline) {
                return new Result(false, now - t0, last - first);
            }
            Thread.sleep(poll);
            long c = compileMillis.getAsLong();
            if (c != last) {
                last = c;
                stillSince = System.nanoTime();
            }
        }
    }
}
