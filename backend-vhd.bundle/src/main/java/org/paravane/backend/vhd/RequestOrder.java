package org.paravane.backend.vhd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Decides how a disk request may overlap the requests already in flight, so that reads can
 * run in parallel while every pair of <em>overlapping</em> requests still takes effect in
 * submission order (the {@code BARRIER} promise, as far as any reader can observe it).
 *
 * <ul>
 *   <li>A read that overlaps a write (or an exclusive task) not yet finished is <b>not
 *       admitted</b> to the parallel readers: the caller queues it on the serial queue,
 *       behind that write.</li>
 *   <li>A write is always admitted to the serial queue, and names the parallel reads
 *       submitted before it that overlap it; it must wait until those have finished before
 *       changing the image (a read never sees data written after it was submitted).</li>
 * </ul>
 * Ranges are half-open sector intervals. Pure logic, thread-safe; a disk has at most a few
 * dozen requests in flight, so the lists are scanned linearly.
 */
final class RequestOrder {

    /** One admitted request; {@link #finished(Ticket)} must be called exactly once for it. */
    static final class Ticket {
        private final long from;
        private final long to;
        private final boolean write;
        private final CountDownLatch done = new CountDownLatch(1);
        private final List<Ticket> earlierReads;

        private Ticket(long from, long to, boolean write, List<Ticket> earlierReads) {
            this.from = from;
            this.to = to;
            this.write = write;
            this.earlierReads = earlierReads;
        }

        boolean overlaps(long f, long t) {
            return from < t && f < to;
        }

        /** The parallel reads, submitted before this write, that it must wait for. */
        List<Ticket> earlierReads() {
            return earlierReads;
        }

        /** Blocks until every earlier overlapping read has finished. */
        void awaitEarlierReads() throws InterruptedException {
            for (Ticket r : earlierReads) {
                r.done.await();
            }
        }

        boolean isFinished() {
            return done.getCount() == 0;
        }
    }

    private final List<Ticket> reads = new ArrayList<>();
    private final List<Ticket> writes = new ArrayList<>();

    /** The end of a request of {@code count} sectors at {@code sector}, saturating instead of overflowing. */
    static long end(long sector, long count) {
        long e = sector + count;
        return e < sector ? Long.MAX_VALUE : e;
    }

    /**
     * Admits a read of sectors {@code [from, to)} to the parallel readers, or returns {@code
     * null} if it overlaps an unfinished write and must be queued behind it.
     */
    synchronized Ticket admitRead(long from, long to) {
        for (Ticket w : writes) {
            if (w.overlaps(from, to)) {
                return null;
            }
        }
        Ticket t = new Ticket(from, to, false, List.of());
        reads.add(t);
        return t;
    }

    /** Admits a write (or an exclusive task, over the whole disk) of sectors {@code [from, to)}. */
    synchronized Ticket admitWrite(long from, long to) {
        List<Ticket> wait = new ArrayList<>();
        for (Ticket r : reads) {
            if (r.overlaps(from, to)) {
                wait.add(r);
            }
        }
        Ticket t = new Ticket(from, to, true, List.copyOf(wait));
        writes.add(t);
        return t;
    }

    /** Parallel reads admitted and not yet finished. */
    synchronized int readsInFlight() {
        return reads.size();
    }

    /** Writes admitted and not yet finished. */
    synchronized int writesInFlight() {
        return writes.size();
    }

    /** Marks {@code t} finished: later requests no longer wait for it. */
    void finished(Ticket t) {
        synchronized (this) {
            (t.write ? writes : reads).remove(t);
        }
        t.done.countDown();
    }
}
