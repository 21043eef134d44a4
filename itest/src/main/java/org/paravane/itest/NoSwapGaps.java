package org.paravane.itest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The blackout a swap would show if it took no time at all: the peer of the hot-swap
 * blackout, measured on the same guest workload with no swap. A swap's blackout is the gap
 * between two completions that contains the swap; a swap costing nothing still lands in some
 * gap of the workload, and a random instant falls into long gaps more often than short ones
 * (length-biased). So this watches the device's completion counter for a while, notes when
 * it moves, and reports, for random instants of that window, the gap that contains each.
 * Completion times are known to the polling period (a park of 50 µs, ~60-100 µs here).
 */
final class NoSwapGaps {

    private static final long POLL_NANOS = 50_000;

    private NoSwapGaps() {
    }

    /**
     * Watches {@code completions} (a counter of answered requests) for {@code windowNanos}
     * and returns the containing gap, in nanoseconds, of {@code instants} random instants.
     */
    static long[] sample(LongSupplier completions, long windowNanos, int instants, long seed) {
        List<Long> times = new ArrayList<>();
        long last = completions.getAsLong();
        long start = System.nanoTime();
        long end = start + windowNanos;
        long now;
        while ((now = System.nanoTime()) < end) {
            long c = completions.getAsLong();
            if (c != last) {
                times.add(now);
                last = c;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        if (times.size() < 2) {
            return new long[0];
        }
        long[] t = times.stream().mapToLong(Long::longValue).toArray();
        Random rnd = new Random(seed);
        long[] gaps = new long[instants];
        for (int i = 0; i < instants; i++) {
            long at = t[0] + (long) (rnd.nextDouble() * (t[t.length - 1] - t[0]));
            int k = Arrays.binarySearch(t, at);
            int after = k >= 0 ? Math.min(k + 1, t.length - 1) : -k - 1;
            gaps[i] = t[after] - t[after - 1];
        }
        return gaps;
    }
}
