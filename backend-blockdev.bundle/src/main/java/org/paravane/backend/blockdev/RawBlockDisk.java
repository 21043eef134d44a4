package org.paravane.backend.blockdev;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw image file or host block device served as a {@link BlockDisk}.
 *
 * <p>Every operation runs on the disk's own single I/O thread, in submission order: a
 * flush therefore orders every write before it ({@link BlockFeature#BARRIER}), and a file
 * stuck in the kernel blocks only its own device. Transfers go straight from the caller's
 * segments to the kernel with {@code preadv}/{@code pwritev} (one system call per request);
 * only heap segments, more than {@code IOV_MAX} pieces, or, with {@code O_DIRECT},
 * segments not aligned to {@value #DIRECT_ALIGN} bytes go through a bounce buffer ({@link
 * FileTransfers} makes the calls; this class decides what runs when). With
 * {@code O_DIRECT}, transfers of 256 KiB to 4 MiB go through a huge-page staging buffer
 * instead, so the device gets them as few large requests ({@link StagingBuffers}).
 * Reads or writes already queued back to back that continue each other on the disk are
 * served together as one batch ({@link TransferBatch}; {@value #MERGE_REQUESTS_PROPERTY}):
 * at most {@value #IO_THREADS_PROPERTY} merged system calls at once, the I/O thread's own and
 * helpers', ending before the next queued item starts. Reads and writes queued together that
 * neither continue nor overlap each other (random I/O) are served at the same time, one system
 * call each, up to {@value #PARALLEL_REQUESTS_PROPERTY} in flight ({@link ParallelSet}): with
 * {@code O_DIRECT} sent by the I/O thread through Linux AIO ({@link LinuxAio}), otherwise on
 * helpers; requests queued while they run join as calls end, and the first item that cannot
 * join waits until none is in flight.
 *
 * <p>Holes: a read of a hole in a sparse file is a plain {@code pread}; the kernel fills
 * the buffer with zeros without touching the disk, so there is nothing to gain by looking
 * for holes first. Discard punches a hole ({@code fallocate(PUNCH_HOLE|KEEP_SIZE)}) and
 * writes zeros when the file system or device refuses, so discarded sectors always read
 * back as zeros.
 */
public final class RawBlockDisk implements BlockDisk {

    /**
     * System property: {@code false} turns off merging pieces adjacent in memory into one
     * iovec entry (read when a disk is opened; for A/B benchmarks).
     */
    public static final String MERGE_IOVEC_PROPERTY = "paravane.blockdev.merge-iovec";

    /**
     * System property: {@code false} turns off serving queued requests that continue each
     * other on the disk with one system call (read when a disk is opened; for A/B benchmarks).
     */
    public static final String MERGE_REQUESTS_PROPERTY = "paravane.blockdev.merge-requests";

    /** System property: the largest merged transfer in KiB (default {@value #DEFAULT_MERGE_MAX_KIB}). */
    public static final String MERGE_MAX_KIB_PROPERTY = "paravane.blockdev.merge-max-kib";

    /** Default merge ceiling: 8 MiB (eight 1 MiB guest requests). */
    public static final int DEFAULT_MERGE_MAX_KIB = 8192;

    /**
     * System property: how many system calls one merged batch may have in flight at once
     * (the I/O thread plus helpers; default {@value #DEFAULT_IO_THREADS}; 1 serves a batch
     * with one system call).
     */
    public static final String IO_THREADS_PROPERTY = "paravane.blockdev.io-threads";

    /**
     * System property: {@code O_DIRECT} transfers of at least this many KiB (and at most 4 MiB)
     * go through a huge-page staging buffer (default 256; 0 turns staging off; read when a disk
     * is opened). See {@link StagingBuffers}.
     */
    public static final String STAGE_MIN_KIB_PROPERTY = "paravane.blockdev.stage-min-kib";

    /**
     * System property: how many queued requests that neither continue nor overlap each other
     * (random I/O) are served at once, one system call each on the I/O thread and helpers
     * (default {@value #DEFAULT_PARALLEL_REQUESTS}; 1 serves them one at a time; read when a
     * disk is opened). See {@link ParallelSet}.
     */
    public static final String PARALLEL_REQUESTS_PROPERTY = "paravane.blockdev.parallel-requests";

    /**
     * System property: {@code false} serves a parallel set's calls on helper threads even where
     * Linux AIO is available (read when a disk is opened; for A/B benchmarks). See {@link LinuxAio}.
     */
    public static final String AIO_PROPERTY = "paravane.blockdev.aio";

    /** Default requests served at once: blkback's default ring of 32 slots, half of it. */
    public static final int DEFAULT_PARALLEL_REQUESTS = 16;

    /** Default in-flight system calls per batch. */
    public static final int DEFAULT_IO_THREADS = 2;

    /** Each helper thread's own iovec array (helpers serve one group at a time). */
    private static final ThreadLocal<MemorySegment> HELPER_IOV = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(Libc.IOVEC_BYTES * Libc.IOV_MAX, 8));

    /** Alignment of buffer addresses for {@code O_DIRECT} (a page: safe for every device). */
    public static final int DIRECT_ALIGN = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(RawBlockDisk.class);
    private static final long CLOSE_WAIT_SECONDS = 30;
    private static final long HELPER_IDLE_SECONDS = 30;

    private final NativeFile file;
    private final long sectors;
    private final int sectorSize;
    private final boolean readOnly;
    private final boolean discard;
    private final boolean blockDevice;
    private final ExecutorService io;
    private final Arena arena = Arena.ofShared();
    /** The iovec array, reused by every request (confined to the I/O thread). */
    private final MemorySegment iov;
    private volatile boolean closed;
    private final boolean mergeIovec = !"false".equalsIgnoreCase(System.getProperty(MERGE_IOVEC_PROPERTY, "true").trim());
    private final boolean mergeRequests =
            !"false".equalsIgnoreCase(System.getProperty(MERGE_REQUESTS_PROPERTY, "true").trim());
    private final long mergeMaxBytes = intProperty(MERGE_MAX_KIB_PROPERTY, DEFAULT_MERGE_MAX_KIB, 4, 1 << 20) * 1024L;
    private final int ioThreads = intProperty(IO_THREADS_PROPERTY, DEFAULT_IO_THREADS, 1, 64);
    private final int parallelRequests = intProperty(PARALLEL_REQUESTS_PROPERTY, DEFAULT_PARALLEL_REQUESTS, 1, 64);
    /**
     * Threads that serve a batch's other groups and a parallel set's other requests; none
     * when both {@link #ioThreads} and {@link #parallelRequests} are 1. Started on demand; an
     * idle one ends after {@value #HELPER_IDLE_SECONDS} s.
     */
    private final ThreadPoolExecutor helpers;
    /** Parallel sets of more than one request started (tests read it). */
    private final LongAdder parallelSets = new LongAdder();
    /** A parallel set member's largest call: one staging buffer (random members rarely merge). */
    private final long memberMaxBytes = Math.min(mergeMaxBytes, StagingBuffers.CAPACITY);
    /** Rung when an item is queued while a parallel set runs; null when none runs. */
    private volatile Doorbell openSetBell;
    private final boolean useAio = !"false".equalsIgnoreCase(System.getProperty(AIO_PROPERTY, "true").trim());
    /** Linux AIO for parallel sets ({@link LinuxAio}); opened by the I/O thread at the first set, null if none. */
    private LinuxAio aio;
    private boolean aioTried;
    /** Huge-page staging for large O_DIRECT transfers ({@value #STAGE_MIN_KIB_PROPERTY}). */
    private final StagingBuffers staging = new StagingBuffers(arena,
            intProperty(STAGE_MIN_KIB_PROPERTY, StagingBuffers.DEFAULT_MIN_KIB, 0, 1 << 20) * 1024L,
            StagingBuffers.CAPACITY, StagingBuffers.MAX_BUFFERS, PageLayout.SELF);
    /** The system calls that move the bytes (and the redo rule after a short one). */
    private final FileTransfers transfers;
    /** Calls the kernel took through Linux AIO (tests read it). */
    private final LongAdder aioCalls = new LongAdder();
    /**
     * Work in submission order: {@link Transfer}s and {@link Queued} tasks. Every submission
     * also hands the executor one {@link #runNext} (which takes the head, and with it any
     * requests it merges), so the executor never holds fewer runs than this queue holds items.
     */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    /** Batches of more than one request served (I/O thread writes; tests read). */
    private volatile long mergedCalls;
    /** Requests served in those batches. */
    private volatile long mergedRequests;
    /** The I/O thread once started; close joins it so the thread is gone when close returns. */
    private volatile Thread ioThread;

    RawBlockDisk(NativeFile file, long sectors, int sectorSize, boolean readOnly, boolean discard,
            boolean blockDevice) {
        this.file = file;
        this.sectors = sectors;
        this.sectorSize = sectorSize;
        this.readOnly = readOnly;
        this.discard = discard;
        this.blockDevice = blockDevice;
        this.iov = arena.allocate(Libc.IOVEC_BYTES * Libc.IOV_MAX, 8);
        this.transfers = new FileTransfers(file, staging, mergeIovec, arena);
        java.util.concurrent.ThreadFactory named = Thread.ofPlatform().daemon()
                .name("blockdev-io-" + file.path().getFileName()).factory();
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = named.newThread(r);
            ioThread = t;
            return t;
        });
        // helpers start on demand (a batch or set waits for them: no queue grows)
        // a batch's other groups (io-threads - 1), or every member of a parallel set
        int helperCount = !mergeRequests ? 0 : Math.max(ioThreads - 1, parallelRequests > 1 ? parallelRequests : 0);
        if (helperCount > 0) {
            this.helpers = new ThreadPoolExecutor(helperCount, helperCount, HELPER_IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    Thread.ofPlatform().daemon().name("blockdev-io-" + file.path().getFileName() + "-", 1).factory());
            this.helpers.allowCoreThreadTimeOut(true);
        } else {
            this.helpers = null;
        }
    }

    @Override
    public long sectors() {
        return sectors;
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** Whether the file was opened with {@code O_DIRECT} (false after a fallback). */
    public boolean directIo() {
        return file.direct();
    }

    /** Whether the target is a host block device (not a regular file). */
    public boolean blockDevice() {
        return blockDevice;
    }

    /** The path of the image file or device. */
    public java.nio.file.Path path() {
        return file.path();
    }

    /** The open descriptor (tests look for holes with it). */
    NativeFile nativeFile() {
        return file;
    }

    @Override
    public Set<BlockFeature> features() {
        if (readOnly) {
            return EnumSet.noneOf(BlockFeature.class);
        }
        EnumSet<BlockFeature> f = EnumSet.of(BlockFeature.FLUSH, BlockFeature.BARRIER);
        if (discard) {
            f.add(BlockFeature.DISCARD);
        }
        return f;
    }

    private static int intProperty(String name, int fallback, int min, int max) {
        String v = System.getProperty(name, Integer.toString(fallback)).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}={} is not a number from {} to {}; using {}", name, v, min, max, fallback);
        return fallback;
    }

    @Override
    public CompletionStage<Void> read(long sector, List<MemorySegment> buffers) {
        return submitTransfer(false, sector, buffers);
    }

    @Override
    public CompletionStage<Void> write(long sector, List<MemorySegment> buffers) {
        if (readOnly) {
            return CompletableFuture.failedFuture(readOnlyError("write"));
        }
        return submitTransfer(true, sector, buffers);
    }

    @Override
    public CompletionStage<Void> flush() {
        if (readOnly) {
            return CompletableFuture.failedFuture(readOnlyError("flush"));
        }
        return submit(file::fdatasync);
    }

    @Override
    public CompletionStage<Void> discard(long sector, long count) {
        if (readOnly) {
            return CompletableFuture.failedFuture(readOnlyError("discard"));
        }
        if (!discard) {
            return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.UNSUPPORTED,
                    file.path() + ": discard is disabled for this disk (no-discard)"));
        }
        return submit(() -> {
            checkRange(sector, count);
            long offset = sector * sectorSize;
            long length = count * sectorSize;
            if (length > 0 && !file.punchHole(offset, length)) {
                transfers.writeZeros(offset, length);
            }
        });
    }

    private void checkRange(long sector, long count) throws BlockIoException {
        if (sector < 0 || count < 0 || sector > sectors || count > sectors - sector) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST, file.path() + ": sectors " + sector
                    + "+" + count + " are outside the disk (" + sectors + " sectors of " + sectorSize + " bytes)");
        }
    }

    /** Checks a read or write once, on the caller's thread, and queues it. */
    private CompletionStage<Void> submitTransfer(boolean write, long sector, List<MemorySegment> buffers) {
        List<MemorySegment> bufs = List.copyOf(buffers);
        long total = 0;
        boolean kernel = bufs.size() <= Libc.IOV_MAX;
        String problem = null;
        for (MemorySegment b : bufs) {
            if (b.byteSize() % sectorSize != 0) {
                problem = "a buffer of " + b.byteSize() + " bytes is not a multiple of the sector size " + sectorSize;
                break;
            }
            if (!write && b.isReadOnly()) {
                problem = "a read needs writable buffers";
                break;
            }
            kernel &= usableByKernel(b);
            total += b.byteSize();
        }
        long count = total / sectorSize;
        if (problem == null && (sector < 0 || sector > sectors || count > sectors - sector)) {
            problem = "sectors " + sector + "+" + count + " are outside the disk (" + sectors + " sectors of "
                    + sectorSize + " bytes)";
        }
        // an offset is only computed for a request inside the disk (no overflow)
        Transfer t = new Transfer(write, problem == null ? sector * sectorSize : 0, bufs, total, kernel, problem);
        return enqueue(t, t.done);
    }

    private boolean usableByKernel(MemorySegment b) {
        if (!b.isNative()) {
            return false;
        }
        return !file.direct() || b.address() % DIRECT_ALIGN == 0;
    }

    @FunctionalInterface
    interface IoTask {
        void run() throws BlockIoException, ErrnoException;
    }

    /** A task other than a read or write (flush, discard), queued in order with them. */
    private record Queued(IoTask task, CompletableFuture<Void> done) {
    }

    /** Runs {@code task} on this disk's I/O thread after everything submitted before it. */
    CompletionStage<Void> submit(IoTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        return enqueue(new Queued(task, done), done);
    }

    private CompletionStage<Void> enqueue(Object item, CompletableFuture<Void> done) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        queue.add(item);
        Doorbell bell = openSetBell;
        if (bell != null && Thread.currentThread() != ioThread) {
            // a parallel set is running and may take this item (on the I/O thread itself, the
            // set looks at the queue anyway once the completion that queued this returns)
            bell.ring();
        }
        try {
            io.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            // closed meanwhile; unless a run already took the item, nobody will
            if (queue.remove(item)) {
                done.completeExceptionally(closedError());
            }
        }
        return done;
    }

    /**
     * I/O thread: serves the head of the queue. A read or write takes with it the requests
     * queued right behind it that continue it on the disk (one system call for all).
     */
    private void runNext() {
        Object head = queue.poll();
        if (head instanceof Queued q) {
            transfers.run(q.task(), q.done());
            return;
        }
        if (!(head instanceof Transfer t)) {
            return; // merged into an earlier run
        }
        if (t.problem != null) {
            t.done.completeExceptionally(new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    file.path() + ": " + t.problem));
            return;
        }
        if (!mergeRequests || !t.kernelUsable || t.bytes == 0 || !accessibleHere(t)) {
            transfers.run(() -> transfers.transfer(t, iov), t.done);
            return;
        }
        TransferBatch batch = takeContinuations(new TransferBatch(t, mergeMaxBytes, Libc.IOV_MAX), null);
        if (batch.parts().size() > 1) {
            runBatch(batch); // a sequential stream: served as before
            return;
        }
        ParallelSet set = new ParallelSet(batch, helpers == null ? 1 : parallelRequests);
        if (admit(set).isEmpty()) {
            transfers.run(() -> transfers.transfer(t, iov), t.done);
        } else {
            runParallel(set);
        }
    }

    /**
     * Takes from the queue the requests that may join {@code set} now (each with its
     * continuations, up to one staging buffer's worth), adds them, and returns them.
     */
    private List<TransferBatch> admit(ParallelSet set) {
        List<TransferBatch> joined = new ArrayList<>();
        for (Object next = queue.peek(); next instanceof Transfer n && set.accepts(n) && accessibleHere(n);
                next = queue.peek()) {
            queue.poll(); // only this thread removes items
            TransferBatch m = takeContinuations(new TransferBatch(n, memberMaxBytes, Libc.IOV_MAX), set);
            set.add(m);
            joined.add(m);
        }
        return joined;
    }

    /**
     * Moves the requests queued right behind {@code batch} that continue it into it (and, with
     * a {@code set}, touch no byte of the set's other members).
     */
    private TransferBatch takeContinuations(TransferBatch batch, ParallelSet set) {
        for (Object next = queue.peek(); next instanceof Transfer n && batch.accepts(n) && accessibleHere(n)
                && (set == null || set.clear(n)); next = queue.peek()) {
            queue.poll(); // only this thread removes items, so the head peeked is the head polled
            batch.add(n);
        }
        return batch;
    }

    /**
     * Runs an open parallel set ({@link ParallelSet}): every member's call in flight at once,
     * through Linux AIO where the file allows it ({@link LinuxAio}) and on helpers otherwise,
     * while this thread sleeps on a {@link Doorbell}. When a call ends, its requests complete
     * here, in submission order (whoever chained work on them, such as blkback writing the
     * ring response and the frontend its next request, runs on the disk's I/O thread as
     * before), and then the requests queued meanwhile join while they may. Returns when no
     * member is in flight: the set never outlives the first item that could not join.
     */
    private void runParallel(ParallelSet set) {
        parallelSets.increment(); // counted before any of its requests completes
        LinuxAio kernel = aio();
        Doorbell bell = kernel != null ? kernel : new Doorbell.Parking();
        ConcurrentLinkedQueue<Finished> ended = new ConcurrentLinkedQueue<>();
        openSetBell = bell;
        try {
            int running = start(set.members(), kernel, bell, ended);
            while (running > 0) {
                bell.await();
                for (Finished f = ended.poll(); f != null; f = ended.poll()) {
                    running--;
                    finish(set, f);
                }
                if (kernel != null) {
                    running -= kernel.reap((member, result) -> finish(set, settle(member, result)));
                }
                running += start(admit(set), kernel, bell, ended);
            }
        } finally {
            openSetBell = null;
        }
    }

    /** This disk's Linux AIO context, opened on first use (I/O thread); null where there is none. */
    private LinuxAio aio() {
        if (!aioTried) {
            aioTried = true;
            aio = useAio ? LinuxAio.open(file, parallelRequests) : null;
        }
        return aio;
    }

    /**
     * Puts {@code members} in flight: each through {@code kernel}, unless that is null, the
     * member is large enough to be staged or has too many pieces, or the kernel refuses it;
     * the others on helpers. Returns how many were started.
     */
    private int start(List<TransferBatch> members, LinuxAio kernel, Doorbell bell, Queue<Finished> ended) {
        if (members.isEmpty()) {
            return 0;
        }
        List<TransferBatch> onHelpers = new ArrayList<>();
        for (TransferBatch m : members) {
            if (kernel == null || staging.applies(file.direct(), m.bytes()) || !kernel.add(m, mergeIovec)) {
                onHelpers.add(m);
            }
        }
        if (kernel != null) {
            onHelpers.addAll(kernel.submit());
            aioCalls.add(members.size() - onHelpers.size());
        }
        for (TransferBatch m : onHelpers) {
            dispatch(m, bell, ended);
        }
        return members.size();
    }

    /** Removes {@code f}'s member from {@code set} and completes its requests. */
    private void finish(ParallelSet set, Finished f) {
        set.remove(f.member());
        if (f.member().parts().size() > 1) {
            mergedCalls++;
            mergedRequests += f.member().parts().size();
        }
        complete(f.member().parts(), f.failed());
    }

    /**
     * An AIO call of {@code member} returned {@code result}: its requests' failures, found as
     * {@link #serve} finds them (the requests not covered are redone one by one here).
     */
    private Finished settle(TransferBatch member, long result) {
        CompletableFuture<?>[] failed = new CompletableFuture<?>[member.parts().size()];
        if (result < 0) {
            LOG.debug("{}: asynchronous {} of {} requests failed ({}); redoing them one by one", file.path(),
                    member.write() ? "write" : "read", member.parts().size(), Libc.strerror((int) -result));
        }
        transfers.redoUncovered(member, result, iov, failed, 0);
        return new Finished(member, failed);
    }

    /** A member of a parallel set whose call has ended, with its requests' failures. */
    private record Finished(TransferBatch member, CompletableFuture<?>[] failed) {
    }

    /** Serves {@code member} with one call on a helper (here when closing); posts {@link Finished} and rings. */
    private void dispatch(TransferBatch member, Doorbell bell, Queue<Finished> ended) {
        CompletableFuture<?>[] failed = new CompletableFuture<?>[member.parts().size()];
        try {
            helpers.execute(() -> {
                transfers.serveOrFail(member, HELPER_IOV.get(), failed, 0);
                ended.add(new Finished(member, failed));
                bell.ring();
            });
        } catch (RejectedExecutionException e) {
            transfers.serveOrFail(member, iov, failed, 0); // closing: this thread does it
            ended.add(new Finished(member, failed));
            bell.ring();
        }
    }

    /** Completes {@code parts} in order: each succeeds unless {@code failed} holds its failure. */
    private static void complete(List<Transfer> parts, CompletableFuture<?>[] failed) {
        for (int i = 0; i < parts.size(); i++) {
            Transfer t = parts.get(i);
            if (failed[i] == null) {
                t.done.complete(null);
            } else {
                failed[i].whenComplete((v, e) -> t.done.completeExceptionally(e));
            }
        }
    }

    /**
     * Whether this thread may hand the pieces' addresses to the kernel (merged calls pass raw
     * addresses, so the arena's liveness and confinement are checked here instead of by FFM).
     */
    private static boolean accessibleHere(Transfer t) {
        Thread me = Thread.currentThread();
        for (MemorySegment b : t.bufs) {
            if (!b.scope().isAlive() || !b.isAccessibleBy(me)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Serves a batch: split into at most {@link #ioThreads} groups of consecutive requests,
     * each group one preadv/pwritev, the groups at the same time (this thread and helpers),
     * so the device has several transfers in flight as with fio's libaio at a queue depth.
     * The requests of a batch never overlap and the whole batch ends before the next queued
     * item starts, so flushes and overlapping writes keep their order. Completions run here,
     * in submission order, after every group is done.
     */
    private void runBatch(TransferBatch batch) {
        List<Transfer> parts = batch.parts();
        CompletableFuture<?>[] failed = new CompletableFuture<?>[parts.size()];
        serveAtOnce(batch.split(ioThreads), failed);
        mergedCalls++;
        mergedRequests += parts.size();
        complete(parts, failed);
    }

    /**
     * Serves {@code calls} (consecutive slices of one list of requests, {@code failed} indexed
     * over all of them), each with one system call, at the same time: the first on this
     * thread, the others on helpers. Returns when every call has ended.
     */
    private void serveAtOnce(List<TransferBatch> calls, CompletableFuture<?>[] failed) {
        CountDownLatch others = new CountDownLatch(calls.size() - 1);
        int base = calls.getFirst().parts().size();
        for (TransferBatch c : calls.subList(1, calls.size())) {
            int first = base;
            base += c.parts().size();
            try {
                helpers.execute(() -> {
                    try {
                        transfers.serveOrFail(c, HELPER_IOV.get(), failed, first);
                    } finally {
                        others.countDown();
                    }
                });
            } catch (RejectedExecutionException e) {
                transfers.serveOrFail(c, iov, failed, first); // closing: this thread does it
                others.countDown();
            }
        }
        transfers.serveOrFail(calls.getFirst(), iov, failed, 0);
        awaitUninterruptibly(others);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Batches of more than one request served so far. */
    long mergedCalls() {
        return mergedCalls;
    }

    /** Parallel sets of more than one request served so far. */
    long parallelSets() {
        return parallelSets.sum();
    }

    /** Calls served through Linux AIO so far. */
    long aioCalls() {
        return aioCalls.sum();
    }

    /** System calls served through a staging buffer so far. */
    long stagedCalls() {
        return transfers.stagedCalls();
    }

    /** Staging buffers mapped so far. */
    long stagingBuffersMapped() {
        return staging.mapped();
    }

    /** Requests served in batches so far. */
    long mergedRequests() {
        return mergedRequests;
    }

    private BlockIoException closedError() {
        return new BlockIoException(BlockIoException.Kind.CLOSED, file.path() + ": disk is closed");
    }

    private BlockIoException readOnlyError(String op) {
        return new BlockIoException(BlockIoException.Kind.READ_ONLY, file.path() + ": " + op
                + " refused, the disk is read-only");
    }

    /**
     * Waits for queued operations, then closes the file. If the I/O thread is still stuck
     * after {@value #CLOSE_WAIT_SECONDS} s the descriptor and buffers are deliberately
     * leaked: closing them under a thread blocked in {@code pread} could let it write into
     * whatever file reuses the descriptor number.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        io.shutdown();
        if (Thread.currentThread() == ioThread) {
            // closed from a completion callback on the I/O thread: it cannot wait for itself
            Thread.ofVirtual().name("blockdev-close-" + file.path().getFileName()).start(this::release);
            return;
        }
        release();
    }

    private void release() {
        boolean drained;
        try {
            drained = io.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = io.isTerminated();
        }
        Thread t = ioThread;
        if (drained && t != null) {
            try {
                // the pool is terminated once its worker has left the loop; wait for the thread itself
                t.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!drained) {
            LOG.warn("{}: I/O still running {} s after close; leaving its descriptor open", file.path(),
                    CLOSE_WAIT_SECONDS);
            io.shutdownNow();
            if (helpers != null) {
                helpers.shutdownNow();
            }
            return;
        }
        if (helpers != null) {
            // idle by now: every batch waited for its helpers before the I/O thread went on
            helpers.shutdown();
        }
        if (aio != null) {
            aio.close(); // nothing in flight: every set waited for its calls
        }
        file.close();
        arena.close();
    }
}
