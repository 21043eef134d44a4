package org.paravane.core.sched;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one timer thread shared by every vCPU timer of every domain. Cancelled timers are
 * removed at once (no garbage from a guest re-arming its timer a million times), and a
 * timer action that throws is contained.
 */
public final class TimerService implements AutoCloseable {

    private static final AtomicLong THREADS = new AtomicLong();
    private final ScheduledThreadPoolExecutor executor;

    /** Starts the timer thread. */
    public TimerService() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "paravane-timer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code action} once after {@code delayNs}. */
    public ScheduledFuture<?> schedule(Runnable action, long delayNs) {
        return executor.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(TimerService.class).warn("timer action failed", e);
            }
        }, delayNs, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code action} every {@code periodNs}. */
    public ScheduledFuture<?> every(Runnable action, long periodNs) {
        return executor.scheduleAtFixedRate(action, periodNs, periodNs, TimeUnit.NANOSECONDS);
    }

    /** Timers currently queued (leak checks). */
    public int pending() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
