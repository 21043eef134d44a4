package org.paravane.core.sched;

import org.paravane.api.abi.Platform;

/**
 * The guest time base (docs/abi.md §3): the {@code time} CSR counts at 10 MHz from the
 * host's monotonic clock, 0 when the hypervisor started; Xen system time is the same clock
 * in nanoseconds. One instance is shared by every domain.
 */
public final class GuestClock {

    private final long originNanos = System.nanoTime();

    /** Nanoseconds since the hypervisor started (Xen system time). */
    public long systemTimeNs() {
        return System.nanoTime() - originNanos;
    }

    /** The current {@code time} CSR value. */
    public long ticks() {
        return systemTimeNs() / Platform.NS_PER_TICK;
    }

    /** Timebase frequency in Hz. */
    public long timebaseHz() {
        return Platform.TIMEBASE_HZ;
    }
}
