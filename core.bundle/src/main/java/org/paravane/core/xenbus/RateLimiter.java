package org.paravane.core.xenbus;

import java.util.function.LongSupplier;

/**
 * A token bucket for log lines caused by guests: at most {@code burst} permits, refilled at
 * one per {@code intervalNanos}. A guest that writes garbage in a loop must not flood dom0's
 * log. Thread-safe.
 */
final class RateLimiter {

    private final int burst;
    private final long intervalNanos;
    private final LongSupplier clock;
    private double tokens;
    private long last;
    private long suppressed;

    RateLimiter(int burst, long intervalNanos, LongSupplier clock) {
        if (burst < 1 || intervalNanos < 1) {
            throw new IllegalArgumentException("burst and interval must be positive");
        }
        this.burst = burst;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /** True if the caller may log now; otherwise the event is counted as suppressed. */
    synchronized boolean tryAcquire() {
        long now = clock.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + (double) elapsed / intervalNanos);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Events refused so far. */
    synchronized long suppressed() {
        return suppressed;
    }
}
