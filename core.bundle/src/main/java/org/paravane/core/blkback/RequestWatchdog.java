package org.paravane.core.blkback;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared timer thread that asks each device, a few times per request timeout, to look for
 * requests its backend has not completed in time. It replaces a timeout per request
 * ({@code CompletableFuture.orTimeout}), whose scheduling and cancelling woke the common
 * pool's delay-scheduler thread for every request (one more thread hand-off per 4 KiB
 * request, docs/blkif.md "Threads per request"). The timer only queues the check on the
 * device's own thread, so a device whose backend hangs never delays another device.
 */
final class RequestWatchdog {

    private static final ScheduledExecutorService TIMER = timer();

    private RequestWatchdog() {
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("blkback-watchdog").factory());
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /**
     * How often a device with timeout {@code requestTimeout} is checked: a quarter of it,
     * between 5 ms and 1 s, so a hung request fails between 1 and 1.25 timeouts (at most
     * 1 s late) after it was issued.
     */
    static Duration period(Duration requestTimeout) {
        long quarter = requestTimeout.toNanos() / 4;
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(5),
                Math.min(quarter, TimeUnit.SECONDS.toNanos(1))));
    }

    /** Runs {@code check} on the timer thread every {@link #period} until the result is cancelled. */
    static ScheduledFuture<?> every(Duration requestTimeout, Runnable check) {
        long p = period(requestTimeout).toNanos();
        return TIMER.scheduleWithFixedDelay(check, p, p, TimeUnit.NANOSECONDS);
    }
}
