package org.paravane.backend.vhd;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VHD chain served as a {@link BlockDisk}.
 *
 * <p>Writes, flushes and everything that changes the image (allocation, bitmap and BAT
 * updates, in the order of docs/vhd.md "Write ordering") run on the disk's one serial I/O
 * thread, in submission order, exactly as with a single thread. With {@code readThreads > 1}
 * reads run on a small pool of their own, in parallel with each other and with writes to
 * <em>other</em> sectors. {@link RequestOrder} keeps every pair of overlapping requests in
 * submission order: a read that overlaps an unfinished write queues behind it on the serial
 * thread, and a write first waits for the earlier reads it overlaps. A read running next
 * to a write of other sectors (even in the same block) is safe because the image never
 * changes what those sectors read as: see {@link VhdImage} ("Concurrency"). Requests that do
 * not overlap may complete in any order, which no reader can tell apart from submission
 * order, so the disk still offers {@link BlockFeature#BARRIER}: a flush is serial and
 * follows every write submitted before it. A large read (at least two {@code splitBytes}
 * pieces) submitted while read threads are idle is cut into pieces read in parallel, so one
 * request can use several cores. With {@code readThreads == 1} every operation runs on the
 * serial thread (the model before parallel reads). An image stuck in the kernel blocks only
 * its own device.
 */
public final class VhdBlockDisk implements BlockDisk {

    /**
     * Read threads per disk when the open request does not say: 16, as many as qemu's
     * thread pool runs at queue depth 16. Quiet A/B 2026-11-27: 1.44x qemu-img at 16 vs
     * 1.36x at 8 and 0.94-1.26x at 4; loaded A/B (vhdqd, same runs): 16 ahead of 8 in
     * every run, 8 readers that never sleep often sit on one of the two CPUs
     * (docs/benchmarks.md "VHD 1 MiB reads at QD16"). Idle readers end after 30 s.
     */
    public static final int DEFAULT_READ_THREADS = 16;
    /**
     * Smallest piece a large read is split into when readers are idle (bytes); 0, off by
     * default: in 5 loaded A/B runs splitting 1 MiB reads into 256 KiB pieces lost to
     * unsplit reads 3 times, in both runs at the lowest load (docs/benchmarks.md).
     */
    public static final int DEFAULT_SPLIT_BYTES = 0;
    /** Most read threads per disk accepted. */
    public static final int MAX_READ_THREADS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(VhdBlockDisk.class);
    private static final long CLOSE_WAIT_SECONDS = 30;
    /** How long after a close its idle readers are stopped. */
    private static final long READER_STOP_DELAY_MILLIS = 200;

    private final VhdImage image;
    private final ExecutorService io;
    /** Tasks given to {@link #io} and not yet done (counted before they are handed over). */
    private final AtomicInteger serialInFlight = new AtomicInteger();
    /** Parallel readers, or {@code null} when every operation runs on {@link #io}. */
    private final ReaderPool readers;
    private final int readThreads;
    private final int splitBytes;
    private final RequestOrder order = new RequestOrder();
    private volatile boolean closed;

    /**
     * @param readThreads threads serving reads ({@code 1}: the serial thread serves all)
     * @param splitBytes smallest piece of a split read, {@code 0} never splits
     */
    VhdBlockDisk(VhdImage image, int readThreads, int splitBytes) {
        this(image, DiskThreads.forDisk(checked(readThreads, splitBytes), image.path().getFileName().toString()),
                splitBytes);
    }

    /** A disk served by {@code threads} (its own from now on: closing the disk stops them). */
    VhdBlockDisk(VhdImage image, DiskThreads threads, int splitBytes) {
        checked(threads.readThreads, splitBytes);
        this.image = image;
        this.readThreads = threads.readThreads;
        this.splitBytes = splitBytes;
        this.io = threads.serial;
        this.readers = threads.readers;
    }

    /** {@code readThreads}, once it and {@code splitBytes} are known to be valid. */
    private static int checked(int readThreads, int splitBytes) {
        if (readThreads < 1 || readThreads > MAX_READ_THREADS || splitBytes < 0 || splitBytes % Vhd.SECTOR != 0) {
            throw new IllegalArgumentException("read threads " + readThreads + " (1.." + MAX_READ_THREADS
                    + "), split " + splitBytes + " bytes (0 or a multiple of " + Vhd.SECTOR + ")");
        }
        return readThreads;
    }

    @Override
    public long sectors() {
        return image.sectors();
    }

    @Override
    public int sectorSize() {
        return Vhd.SECTOR;
    }

    @Override
    public boolean readOnly() {
        return !image.writable();
    }

    @Override
    public Set<BlockFeature> features() {
        return EnumSet.of(BlockFeature.FLUSH, BlockFeature.BARRIER);
    }

    /** Threads serving reads (1: the serial thread). */
    public int readThreads() {
        return readThreads;
    }

    /** The top image of the chain (for tools and tests; owned by the disk's threads while open). */
    public VhdImage image() {
        return image;
    }

    @Override
    public CompletionStage<Void> read(long sector, List<MemorySegment> buffers) {
        List<MemorySegment> bufs = List.copyOf(buffers);
        if (readers == null) {
            return serial(null, () -> readInto(sector, bufs));
        }
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        long bytes = 0;
        for (MemorySegment b : bufs) {
            bytes += b.byteSize();
        }
        // Only a split needs the count of busy readers (one lock less per request otherwise).
        int before = splitBytes == 0 ? 0 : order.readsInFlight();
        RequestOrder.Ticket ticket = order.admitRead(sector, RequestOrder.end(sector, (bytes + Vhd.SECTOR - 1)
                / Vhd.SECTOR));
        if (ticket == null) {
            // Overlaps a write still queued or running: read after it, on the serial thread.
            return serial(null, () -> readInto(sector, bufs));
        }
        return parallelRead(ticket, sector, bufs, bytes, pieces(bytes, before));
    }

    /** How many pieces a read of {@code bytes} is cut into when {@code busy} reads are in flight. */
    int pieces(long bytes, int busy) {
        if (splitBytes == 0 || bytes % Vhd.SECTOR != 0) {
            return 1;
        }
        long idle = readThreads - busy;
        return (int) Math.max(1, Math.min(idle, bytes / splitBytes));
    }

    private CompletionStage<Void> parallelRead(RequestOrder.Ticket ticket, long sector, List<MemorySegment> bufs,
            long bytes, int pieces) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(pieces);
        AtomicReference<BlockIoException> failure = new AtomicReference<>();
        long sectorsTotal = bytes / Vhd.SECTOR;
        long from = 0;
        for (int p = 0; p < pieces; p++) {
            long to = p == pieces - 1 ? sectorsTotal : sectorsTotal * (p + 1) / pieces;
            long pieceSector = sector + from;
            List<MemorySegment> part = pieces == 1 ? bufs : slice(bufs, from * Vhd.SECTOR, to * Vhd.SECTOR);
            Runnable piece = () -> {
                BlockIoException e = run(() -> readInto(pieceSector, part));
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                if (left.decrementAndGet() == 0) {
                    order.finished(ticket);
                    finish(done, failure.get());
                }
            };
            try {
                readers.execute(piece);
            } catch (RejectedExecutionException e) {
                failure.compareAndSet(null, closedError());
                if (left.decrementAndGet() == 0) {
                    order.finished(ticket);
                    finish(done, failure.get());
                }
            }
            from = to;
        }
        return done;
    }

    /** The bytes {@code [from, to)} of a scatter/gather list, as slices of its buffers. */
    static List<MemorySegment> slice(List<MemorySegment> bufs, long from, long to) {
        List<MemorySegment> out = new ArrayList<>();
        long at = 0;
        for (MemorySegment b : bufs) {
            long start = Math.max(from, at);
            long end = Math.min(to, at + b.byteSize());
            if (start < end) {
                out.add(b.asSlice(start - at, end - start));
            }
            at += b.byteSize();
        }
        return out;
    }

    private void readInto(long sector, List<MemorySegment> bufs) throws BlockIoException {
        long s = sector;
        for (MemorySegment b : bufs) {
            image.read(s, b);
            s += b.byteSize() / Vhd.SECTOR;
        }
    }

    @Override
    public CompletionStage<Void> write(long sector, List<MemorySegment> buffers) {
        List<MemorySegment> bufs = List.copyOf(buffers);
        long bytes = 0;
        for (MemorySegment b : bufs) {
            bytes += b.byteSize();
        }
        long end = RequestOrder.end(sector, (bytes + Vhd.SECTOR - 1) / Vhd.SECTOR);
        return exclusive(sector, end, () -> {
            long s = sector;
            for (MemorySegment b : bufs) {
                image.write(s, b);
                s += b.byteSize() / Vhd.SECTOR;
            }
        });
    }

    @Override
    public CompletionStage<Void> flush() {
        // force() changes nothing a read can see: no ticket, no lock, reads keep going.
        return serial(null, image::flush);
    }

    @FunctionalInterface
    interface IoTask {
        void run() throws BlockIoException;
    }

    /**
     * Runs {@code task} on the serial thread after everything submitted before it, with the
     * image to itself (an exclusive operation over the whole disk).
     */
    CompletionStage<Void> submit(IoTask task) {
        return exclusive(0, Long.MAX_VALUE, task);
    }

    /** Like {@link #submit(IoTask)}, ordered only against requests overlapping sectors {@code [from, to)}. */
    CompletionStage<Void> submit(long from, long to, IoTask task) {
        return exclusive(from, to, task);
    }

    /** A serial operation that changes sectors {@code [from, to)}: ordered after overlapping earlier reads. */
    private CompletionStage<Void> exclusive(long from, long to, IoTask task) {
        if (readers == null) {
            return serial(null, task);
        }
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        RequestOrder.Ticket ticket = order.admitWrite(from, to);
        return serial(ticket, () -> {
            try {
                ticket.awaitEarlierReads();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw closedError();
            }
            task.run();
        });
    }

    /** Runs {@code task} on the serial thread; {@code ticket} (if any) is finished before the stage completes. */
    private CompletionStage<Void> serial(RequestOrder.Ticket ticket, IoTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            if (ticket != null) {
                order.finished(ticket);
            }
            return CompletableFuture.failedFuture(closedError());
        }
        serialInFlight.incrementAndGet();
        try {
            io.execute(() -> {
                BlockIoException e = run(task);
                if (ticket != null) {
                    order.finished(ticket);
                }
                serialInFlight.decrementAndGet(); // before the answer: a close after it finds 0
                finish(done, e);
            });
        } catch (RejectedExecutionException e) {
            serialInFlight.decrementAndGet();
            if (ticket != null) {
                order.finished(ticket);
            }
            return CompletableFuture.failedFuture(closedError());
        }
        return done;
    }

    /** Runs one task; the failure it caused as a block error, or {@code null}. */
    private BlockIoException run(IoTask task) {
        try {
            task.run();
            return null;
        } catch (BlockIoException e) {
            return e;
        } catch (WrongThreadException e) {
            return new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    image.path() + ": a buffer belongs to a confined arena; the I/O thread cannot use it", e);
        } catch (RuntimeException e) {
            // A bug or an unexpected state must fail this request, never the thread.
            LOG.warn("{}: I/O task failed", image.path(), e);
            return new BlockIoException(BlockIoException.Kind.IO_ERROR, image.path() + ": " + e, e);
        }
    }

    private static void finish(CompletableFuture<Void> done, BlockIoException e) {
        if (e == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(e);
        }
    }

    private BlockIoException closedError() {
        return new BlockIoException(BlockIoException.Kind.CLOSED, image.path() + ": disk is closed");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        io.shutdown();
        // Read after the shutdown: a task accepted before it counted itself before it was
        // accepted, and one not accepted is refused and never touches the image.
        boolean serialIdle = serialInFlight.get() == 0;
        boolean readersIdle = readers == null || order.readsInFlight() == 0;
        if (readers != null && !readersIdle) {
            readers.shutdown();
        }
        try {
            // Idle threads are not waited for. Every read that can still touch the image holds
            // a RequestOrder ticket from before its task was accepted, and every serial task is
            // counted before it is handed over (a task accepted after the shutdown is rejected
            // and never runs), so no ticket and no count left = nothing in the image, and the
            // idle threads exit on their own. Waiting for each of them to be scheduled once cost
            // ~1 ms per close for the readers (up to 14 ms at load 8) and 0.1-5.8 ms for the
            // serial thread inside a hot-swap's held window (docs/blkif.md "Hot-swap").
            boolean idle = (serialIdle || io.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS))
                    && (readersIdle || order.readsInFlight() == 0
                    || readers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS));
            if (!idle) {
                LOG.warn("{}: I/O still running {} s after close; closing the files anyway", image.path(),
                        CLOSE_WAIT_SECONDS);
                io.shutdownNow();
                if (readers != null) {
                    readers.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        image.close();
        if (readersIdle) {
            stopIdleReadersLater();
        }
    }

    /**
     * Idle readers are stopped a little later: shutting them down interrupts every one of
     * them, and 16 threads waking up to exit on 2 CPUs slowed the replacement build's open
     * that a hot-swap runs right after this close by ~1-2 ms. No read can start meanwhile:
     * the disk refuses reads once closed.
     */
    private void stopIdleReadersLater() {
        if (readers != null) {
            CompletableFuture.delayedExecutor(READER_STOP_DELAY_MILLIS, TimeUnit.MILLISECONDS)
                    .execute(readers::shutdown);
        }
    }
}
