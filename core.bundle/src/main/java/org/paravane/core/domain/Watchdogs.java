package org.paravane.core.domain;

import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;

/**
 * A domain's SCHEDOP_watchdog timers (facts §10.2): at most 2, ids 1 and 2. Each expiry
 * runs the domain's watchdog action (shutdown with reason watchdog).
 */
public final class Watchdogs {

    /** Watchdogs per domain, as Xen. */
    public static final int MAX = 2;

    private final ScheduledFuture<?>[] timers = new ScheduledFuture<?>[MAX];
    private final long[] timeoutNs = new long[MAX];

    /**
     * Creates a watchdog firing after {@code timeoutNs} unless poked.
     *
     * @param schedule arms a timer: (action, delay ns) → future
     * @return its id (1..2), or 0 when both are in use
     */
    public synchronized int create(long timeoutNs, Runnable expiry,
            BiFunction<Runnable, Long, ScheduledFuture<?>> schedule) {
        for (int i = 0; i < MAX; i++) {
            if (timers[i] == null) {
                this.timeoutNs[i] = timeoutNs;
                timers[i] = schedule.apply(expiry, timeoutNs);
                return i + 1;
            }
        }
        return 0;
    }

    /** Re-arms watchdog {@code id} with a new timeout; false when it does not exist. */
    public synchronized boolean poke(long id, long timeoutNs, Runnable expiry,
            BiFunction<Runnable, Long, ScheduledFuture<?>> schedule) {
        if (id < 1 || id > MAX || timers[(int) id - 1] == null) {
            return false;
        }
        int i = (int) id - 1;
        timers[i].cancel(false);
        this.timeoutNs[i] = timeoutNs;
        timers[i] = schedule.apply(expiry, timeoutNs);
        return true;
    }

    /** Destroys watchdog {@code id}; false when it does not exist. */
    public synchronized boolean destroy(long id) {
        if (id < 1 || id > MAX || timers[(int) id - 1] == null) {
            return false;
        }
        timers[(int) id - 1].cancel(false);
        timers[(int) id - 1] = null;
        return true;
    }

    /** Number of live watchdogs. */
    public synchronized int count() {
        int n = 0;
        for (ScheduledFuture<?> t : timers) {
            n += t == null ? 0 : 1;
        }
        return n;
    }

    /** Cancels every watchdog (shutdown, destroy). */
    public synchronized void cancelAll() {
        for (int i = 0; i < MAX; i++) {
            if (timers[i] != null) {
                timers[i].cancel(false);
                timers[i] = null;
            }
        }
    }
}
