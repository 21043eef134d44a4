package org.paravane.backend.vhd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * next spare {@link #refillDelay} later, when the swap is long over. The taken threads get
 * their disk's name up to {@value #MAX_POLL_MILLIS} ms after the take.
 *
 * <p>Isolation is unchanged: a spare belongs to exactly one disk once taken. A spare whose
 * size does not match the disk's {@code read-threads} option is left for the next open.
 */
public final class SpareThreads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpareThreads.class);

    /** The longest a taken spare's threads keep their spare names. */
    static final long MAX_POLL_MILLIS = 100;

    private final int readThreads;
    private final Duration refillDelay;
    private final long pollNanos;
    /**
     * Remakes spares. It polls instead of being handed a task per take: scheduling a task
     * wakes its thread, and that wake-up on 2 CPUs landed inside the swap that took the
     * spare (0.1-2.4 ms of the new build's open). Its thread and the poll are started by
     * {@link #prepare} or {@link #prepareLater}, outside any make-before-break swap.
     */
    private final ScheduledThreadPoolExecutor refills;
    private DiskThreads spare;
    /** A spare is wanted once {@link #refillDue} has passed (set by a take or {@link #prepareLater}). */
    private boolean refillWanted;
    private long refillDue;
    private boolean polling;
    /**
     * Renames of taken threads after their disk, done by the next poll: renaming 17 threads
     * took 60-500 us in a fresh build's classes, inside the swap's open.
     */
    private final List<Rename> renames = new ArrayList<>();

    private record Rename(DiskThreads threads, String disk) {
    }
    private boolean closed;

    /**
     * Spares of {@code readThreads} readers, remade at least {@code refillDelay} (and at most
     * {@value #MAX_POLL_MILLIS} ms more) after each is taken.
     */
    public SpareThreads(int readThreads, Duration refillDelay) {
        if (readThreads < 1 || readThreads > VhdBlockDisk.MAX_READ_THREADS || refillDelay.isNegative()) {
            throw new IllegalArgumentException("read threads " + readThreads + " (1.." + VhdBlockDisk.MAX_READ_THREADS
                    + "), refill delay " + refillDelay);
        }
        this.readThreads = readThreads;
        this.refillDelay = refillDelay;
        this.pollNanos = Math.clamp(refillDelay.toNanos() / 2, TimeUnit.MILLISECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(MAX_POLL_MILLIS));
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
            startPolling();
        }
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
        if (!closed && spare == null && !refillWanted) {
            want();
            startPolling();
        }
    }

    /** Whether a spare is ready now (tests, diagnostics). */
    public synchronized boolean ready() {
        return spare != null;
    }

    /**
     * The spare for a disk named {@code name} with {@code readThreads} readers, or null (none
     * ready, another size, closed). Taking one makes the poll start the next after the delay
     * and rename the taken threads; nothing is woken and no thread renamed here.
     */
    DiskThreads take(int readThreads, String name) {
        synchronized (this) {
            if (closed || spare == null || readThreads != this.readThreads || !spare.usable()) {
                return null;
            }
            DiskThreads t = spare;
            spare = null;
            want();
            renames.add(new Rename(t, name));
            return t;
        }
    }

    private void nameTakenThreads() {
        List<Rename> named;
        synchronized (this) {
            named = renames.isEmpty() ? List.of() : new ArrayList<>(renames);
            renames.clear();
        }
        for (Rename r : named) {
            r.threads().nameAfter(r.disk());
        }
    }

    /** Lock held. */
    private void want() {
        refillWanted = true;
        refillDue = System.nanoTime() + refillDelay.toNanos();
    }

    /** Lock held. */
    private void startPolling() {
        if (polling || closed) {
            return;
        }
        try {
            refills.scheduleWithFixedDelay(this::poll, pollNanos, pollNanos, TimeUnit.NANOSECONDS);
            polling = true;
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** On the refill thread: names taken threads after their disks, makes the wanted spare once it is due. */
    private void poll() {
        nameTakenThreads();
        synchronized (this) {
            if (closed || spare != null || !refillWanted || System.nanoTime() - refillDue < 0) {
                return;
            }
            refillWanted = false;
        }
        try {
            prepare();
        } catch (RuntimeException e) {
            LOG.warn("could not start spare VHD disk threads: {}", e.toString());
            synchronized (this) {
                want(); // try again a delay later
            }
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
        nameTakenThreads(); // the poll that would have done it is gone
        if (t != null) {
            t.shutdown();
        }
    }
}
