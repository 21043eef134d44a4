package org.paravane.backend.vhd;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One disk's worth of threads, started ahead of time, so that opening a disk starts none.
 *
 * <p>Why: a hot-swap's replacement build opens the image while the device is suspended, and
 * the requests that waited on the ring go to the new disk at once. A platform thread start
 * costs 0.2-0.7 ms on the project's 2-CPU machine; the disk's 16 readers and serial thread
 * started then sat inside the swap's blackout (docs/blkif.md "Hot-swap"). With a spare, the
 * backend hands the new disk threads that are already parked on their queues, and makes the
 * next spare {@link #refillDelay} later, when the swap is long over.
 *
 * <p>Isolation is unchanged: a spare belongs to exactly one disk once taken. A spare whose
 * size does not match the disk's {@code read-threads} option is left for the next open.
 */
public final class SpareThreads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpareThreads.class);

    private final int readThreads;
    private final Duration refillDelay;
    /**
     * Remakes spares; its one thread is started by {@link #prepare} (outside any swap), so that
     * scheduling a refill from {@link #take}, inside a swap, starts no thread.
     */
    private final ScheduledThreadPoolExecutor refills;
    private DiskThreads spare;
    /**
     * A refill is scheduled and has not started yet. Cleared when the refill starts, not when it
     * ends: a spare the refill made can be taken before its task returns, and that take must
     * schedule the next refill (a future's isDone() would still be false then).
     */
    private boolean refillPending;
    private boolean closed;

    /** Spares of {@code readThreads} readers, remade {@code refillDelay} after each is taken. */
    public SpareThreads(int readThreads, Duration refillDelay) {
        if (readThreads < 1 || readThreads > VhdBlockDisk.MAX_READ_THREADS || refillDelay.isNegative()) {
            throw new IllegalArgumentException("read threads " + readThreads + " (1.." + VhdBlockDisk.MAX_READ_THREADS
                    + "), refill delay " + refillDelay);
        }
        this.readThreads = readThreads;
        this.refillDelay = refillDelay;
        this.refills = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("vhd-spare-refill").factory());
    }

    /** Starts the spare's threads now, on this thread, unless one is ready. */
    public void prepare() {
        DiskThreads made;
        synchronized (this) {
            if (closed || spare != null) {
                return;
            }
        }
        refills.prestartCoreThread();
        made = DiskThreads.started(readThreads);
        synchronized (this) {
            if (!closed && spare == null) {
                spare = made;
                return;
            }
        }
        made.shutdown(); // closed or prepared twice meanwhile
    }

    /**
     * Starts a spare {@link #refillDelay} from now in the background unless one is ready or
     * coming (after an open that found none: at boot, or after a {@code Bundle.update}).
     */
    public synchronized void prepareLater() {
        if (!closed && spare == null) {
            scheduleRefill();
        }
    }

    /** Whether a spare is ready now (tests, diagnostics). */
    public synchronized boolean ready() {
        return spare != null;
    }

    /**
     * The spare for a disk named {@code name} with {@code readThreads} readers, or null (none
     * ready, another size, closed). Taking one schedules the next.
     */
    DiskThreads take(int readThreads, String name) {
        DiskThreads t;
        synchronized (this) {
            if (closed || spare == null || readThreads != this.readThreads || !spare.usable()) {
                return null;
            }
            t = spare;
            spare = null;
            scheduleRefill();
        }
        return t.adopt(name);
    }

    /** Lock held. */
    private void scheduleRefill() {
        if (refillPending) {
            return;
        }
        try {
            refills.schedule(() -> {
                synchronized (this) {
                    refillPending = false;
                }
                try {
                    prepare();
                } catch (RuntimeException e) {
                    LOG.warn("could not start spare VHD disk threads: {}", e.toString());
                }
            }, refillDelay.toNanos(), TimeUnit.NANOSECONDS);
            refillPending = true;
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Stops the spare's threads and any pending refill; a disk already given threads keeps them. */
    @Override
    public void close() {
        DiskThreads t;
        synchronized (this) {
            closed = true;
            t = spare;
            spare = null;
        }
        refills.shutdownNow();
        if (t != null) {
            t.shutdown();
        }
    }
}
