package org.paravane.core.blkback;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.paravane.api.abi.BlkifOp;
import org.paravane.api.abi.BlkifRequestLayout;
import org.paravane.api.abi.BlkifRsp;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdMetrics;
import org.paravane.api.vbd.VbdState;
import org.paravane.core.blkif.BackRing;
import org.paravane.core.blkif.FastPath;
import org.paravane.core.blkif.FrontendMemory;
import org.paravane.core.blkif.FrontendMemory.MappedPage;
import org.paravane.core.blkif.RingPages;
import org.paravane.core.evtchn.InlineEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual block device's backend: ring processing, the device state machine
 * ({@link DeviceTransitions}) with hot-swap, and isolation. Everything mutable is confined to
 * the device's own thread; the xenbus side ({@link VbdXenbusDevice}), the registry and the
 * event channel hand work to it.
 *
 * <p>Ring loop (facts §4.3-4.5): while RUNNING, take every available request (copy once,
 * decode, check, map), dispatch it to the disk, then do the final check on {@code req_event};
 * responses are batched and pushed with notify-iff-needed. A WRITE_BARRIER stops intake until
 * every earlier request completed, then writes and flushes.
 *
 * <p>Hot-swap: {@link #suspend} moves every accepted, unanswered request to the parked queue
 * (pages stay mapped) and hands back the disk to close; {@link #resume} installs a reopened
 * disk and replays the parked requests in arrival order. Completions of the old disk are
 * ignored (generation counter). The event channel and xenbus state are not touched.
 *
 * <p>Threads (docs/blkif.md "Threads per request"): the device's mutable state is guarded
 * by one lock that every device-thread task holds. The frontend is notified outside the
 * lock; with {@link FastPath} DEVICE or IO a kick that arrives on the notifying thread
 * during the notification (a dom0 blkfront submitting its next request from its completion
 * handler, delivered inline) runs the ring pass right there instead of queueing it. With
 * IO, a disk completion that finds the lock free is also handled on the thread that
 * completed it (the backend's own I/O thread). Timeouts always go through the device
 * thread, so a backend that hangs or throws fails this device only.
 */
public final class VbdDevice {

    private static final Logger LOG = LoggerFactory.getLogger(VbdDevice.class);

    private final String name;
    private final int frontendDomid;
    private final BlockOpenRequest openRequest;
    private final FrontendMemory memory;
    private final EventChannelService events;
    private final BlkbackConfig config;
    private final Consumer<VbdDevice> onFailed;
    private final ExecutorService thread;
    private final RequestIntake intake;
    private final DeviceMetrics metrics = new DeviceMetrics();
    private final MemorySegment slotCopy = Arena.ofAuto().allocate(BlkifRequestLayout.SIZEOF, 8);
    private final AtomicBoolean kickQueued = new AtomicBoolean();
    /** Disk completions handled by a task on the device thread (not inline on the backend's thread). */
    private final LongAdder deviceThreadCompletions = new LongAdder();
    /** Frontend kicks that queued a ring pass on the device thread (not served inline). */
    private final LongAdder deviceThreadKicks = new LongAdder();
    private final DiskGeometry geometry;
    /** Guards every field below; held by each device-thread task and by inline completions. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Frontend events on the sending thread (FastPath DEVICE or IO). */
    private final boolean inlineEvents;
    /** Completions on the backend's thread when the device is idle (FastPath IO). */
    private final boolean completeOnBackendThread;
    /** Mode IO: larger requests still complete through the device thread (FastPath.IO_MAX_PAGES_PROPERTY). */
    private final int ioMaxPages;
    /** The device whose completion this thread is handling outside the device thread (fast path). */
    private static final ThreadLocal<VbdDevice> COMPLETING = new ThreadLocal<>();
    /** True while an inline completion or ring pass (not a queued task) runs: it pushes at its end. */
    private boolean inline;
    /** The device thread once started (a control call made on it runs directly). */
    private volatile Thread deviceThread;
    private final ScheduledFuture<?> watchdog;

    private volatile VbdState state = VbdState.CONNECTING;
    private volatile String failure;
    private volatile BlockBackend backend;
    private BlockDisk disk;
    private BackRing ring;
    private List<MappedPage> ringPages = List.of();
    private int port = -1;
    private long generation;
    private long nextSeq;
    private final Map<Long, Pending> inDisk = new LinkedHashMap<>();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private Pending barrier;
    private boolean barrierStarted;
    private boolean pushQueued;
    /**
     * Make-before-break swap in progress ({@link #beginDrain}): the ring is not consumed and
     * nothing new is issued; requests already in the disk complete on it normally.
     */
    private volatile boolean draining;
    /** Completed with the old disk once drained and suspended (null if the device stopped running). */
    private CompletableFuture<BlockDisk> drained;
    private volatile int drainedCount;
    /** Requests the frontend had published on the ring, not yet taken, at the last resume. */
    private volatile int ringBacklogAtResume;
    /** How long the last resume's open of the storage took (diagnostics of the swap). */
    private volatile long openNanosAtResume;
    /** Requests parked by the last suspension (for the log line written outside the lock). */
    private volatile int parkedAtSuspend;

    /**
     * A device over an already opened disk, in CONNECTING.
     *
     * @param name          for logs and thread names, e.g. {@code 5/51712}
     * @param openRequest   how to reopen the storage after a swap
     * @param backend       the backend that opened {@code disk}
     * @param disk          the open disk
     * @param geometry      what the frontend is told
     * @param onFailed      called (on another thread) when the device failed, to close the xenbus end
     */
    public VbdDevice(String name, int frontendDomid, BlockOpenRequest openRequest, BlockBackend backend, BlockDisk disk,
            DiskGeometry geometry, FrontendMemory memory, EventChannelService events, BlkbackConfig config,
            Consumer<VbdDevice> onFailed) {
        this.name = name;
        this.frontendDomid = frontendDomid;
        this.openRequest = openRequest;
        this.backend = backend;
        this.disk = disk;
        this.geometry = geometry;
        this.memory = memory;
        this.events = events;
        this.config = config;
        this.onFailed = onFailed;
        this.intake = new RequestIntake(memory, config.maxIndirectSegments());
        FastPath.Mode mode = FastPath.mode();
        this.inlineEvents = mode != FastPath.Mode.OFF;
        this.completeOnBackendThread = mode == FastPath.Mode.IO;
        this.ioMaxPages = FastPath.ioMaxPages();
        ThreadFactory named = Thread.ofPlatform().daemon()
                .name("blkback-" + name.replace('/', '-')).factory();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = named.newThread(r);
            deviceThread = t;
            return t;
        });
        this.watchdog = RequestWatchdog.every(config.requestTimeout(), this::watch);
    }

    /** The device name ({@code domid/devid}). */
    public String name() {
        return name;
    }

    /** The current state. */
    public VbdState state() {
        return state;
    }

    /** Why the device failed, or null. */
    public String failure() {
        return failure;
    }

    /** The geometry published to the frontend. */
    public DiskGeometry geometry() {
        return geometry;
    }

    /** The lower-case format this device needs a backend for. */
    public String format() {
        return openRequest.format();
    }

    /** The open request used to (re)open the storage. */
    public BlockOpenRequest openRequest() {
        return openRequest;
    }

    /** The backend currently serving the device, or null while suspended or failed. */
    public BlockBackend backend() {
        return backend;
    }

    /** Counters and swap records. */
    public VbdMetrics metrics() {
        return metrics.snapshot();
    }

    /** Notifications sent to the frontend (the event-index suppression is visible here). */
    public long notificationsSent() {
        return metrics.notifications();
    }

    /**
     * Disk completions handed to the device thread so far. With the fast path (mode io) a
     * steady stream of requests has almost none; each one is a thread hand-off on the request's
     * way back, so benchmarks print it per phase.
     */
    public long deviceThreadCompletions() {
        return deviceThreadCompletions.sum();
    }

    /** Frontend kicks that queued a ring pass on the device thread so far (with the fast path, almost none). */
    public long deviceThreadKicks() {
        return deviceThreadKicks.sum();
    }

    // ------------------------------------------------------------------ control (any thread)

    /** Runs {@code body} on the device thread and waits (bounded). */
    <T> T onDevice(Callable<T> body) throws Exception {
        if (Thread.currentThread() == deviceThread) {
            // e.g. a dom0 frontend's completion handler, run on this thread by the fast path:
            // waiting for our own queue would only time out
            lock.lock();
            try {
                return body.call();
            } finally {
                lock.unlock();
            }
        }
        Future<T> f;
        try {
            f = thread.submit(() -> {
                lock.lock();
                try {
                    return body.call();
                } finally {
                    lock.unlock();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("vbd " + name + " is closed");
        }
        try {
            return f.get(config.controlTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /**
     * Maps the frontend's ring and binds its event channel (§5.4 step 4); the device runs
     * unless it is suspended. Called by the xenbus side with validated numbers.
     */
    void connectRing(List<Integer> refs, int remotePort) throws Exception {
        onDevice(() -> {
            dropRing();
            if (state == VbdState.FAILED) {
                reopenAfterFailure();
            }
            List<MappedPage> mapped = new ArrayList<>();
            try {
                for (int ref : refs) {
                    mapped.add(memory.map(ref, false));
                }
            } catch (FrontendMemory.PageMapException e) {
                mapped.forEach(memory::unmap);
                throw new IllegalArgumentException("ring-ref " + e.getMessage() + " (GNTST " + e.status() + ")");
            }
            ring = new BackRing(new RingPages(mapped.stream().map(MappedPage::segment).toList()));
            ringPages = List.copyOf(mapped);
            try {
                port = events.bindInterdomain(frontendDomid, remotePort,
                        inlineEvents ? (InlineEventHandler) p -> kick() : p -> kick());
            } catch (RuntimeException e) {
                dropRing();
                throw new IllegalArgumentException("event-channel " + remotePort + ": " + e.getMessage());
            }
            if (state == VbdState.CONNECTING) {
                move(VbdState.RUNNING);
            }
            pump();
            return null;
        });
    }

    private void reopenAfterFailure() throws BlockIoException {
        BlockBackend b = backend;
        if (b == null) {
            throw new BlockIoException(BlockIoException.Kind.NOT_FOUND, "no backend for the reconnect");
        }
        BlockDisk d = b.open(openRequest);
        if (!DiskGeometry.of(d, openRequest.readOnly(), geometry.discard()).sameShape(geometry)) {
            d.close();
            throw new BlockIoException(BlockIoException.Kind.BAD_IMAGE, openRequest.target() + ": size changed");
        }
        disk = d;
        failure = null;
        move(VbdState.CONNECTING);
    }

    /** Sets the backend a failed device reopens with on the frontend's reconnect. */
    void offerBackend(BlockBackend b) throws Exception {
        onDevice(() -> {
            if (state == VbdState.FAILED) {
                backend = b;
            }
            return null;
        });
    }

    /** Unmaps the ring and closes the port (frontend disconnect); requests not answered are dropped. */
    void disconnectRing() {
        try {
            onDevice(() -> {
                dropRing();
                if (state == VbdState.RUNNING) {
                    move(VbdState.CONNECTING);
                }
                return null;
            });
        } catch (Exception e) {
            LOG.warn("vbd {}: disconnect: {}", name, e.getMessage());
        }
    }

    /**
     * The backend went away: stop, park, and return the disk for the caller to close (null if
     * the device was not using {@code gone}).
     */
    public BlockDisk suspend(BlockBackend gone) throws Exception {
        BlockDisk d = swapControl(() -> {
            if (backend != gone || (state != VbdState.RUNNING && state != VbdState.CONNECTING)) {
                if (state == VbdState.FAILED && backend == gone) {
                    backend = null;
                }
                return null;
            }
            return suspendNow();
        });
        if (d != null) { // logged outside the lock: a slow log sink must not hold the device
            LOG.info("vbd {}: backend gone, suspended with {} parked requests", name, parkedAtSuspend);
        }
        return d;
    }

    /**
     * Lock held: parks every accepted, unanswered request in arrival order, moves to
     * SUSPENDED and hands back the disk. Ends a drain: its waiter gets the disk.
     */
    private BlockDisk suspendNow() {
        generation++;
        List<Pending> all = new ArrayList<>(inDisk.values());
        inDisk.clear();
        if (barrier != null) {
            all.add(barrier);
            barrier = null;
            barrierStarted = false;
        }
        all.addAll(waiting);
        waiting.clear();
        all.sort((a, b) -> Long.compare(a.seq, b.seq));
        waiting.addAll(all);
        metrics.suspended(System.nanoTime(), all.size());
        move(VbdState.SUSPENDED);
        BlockDisk d = disk;
        disk = null;
        backend = null;
        parkedAtSuspend = all.size();
        endDrain(d);
        return d;
    }

    /**
     * Runs a swap step under the device lock on the calling thread (the unbind thread), as
     * the fast path's inline sections do, instead of queueing it to the device thread and
     * waiting: on 2 loaded cores each such hand-off cost milliseconds of the swap
     * (docs/blkif.md "Drain instead of park"). Responses queued by the step (a resume
     * replaying and taking ring requests) are pushed once, the frontend notified outside the
     * lock.
     */
    private <T> T swapControl(Callable<T> body) throws Exception {
        if (lock.isHeldByCurrentThread()) {
            return body.call();
        }
        if (!lock.tryLock(config.controlTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("vbd " + name + ": device busy for " + config.controlTimeout().toMillis()
                    + " ms");
        }
        return inlineSection(body);
    }

    /**
     * Make-before-break, step 1 (docs/blkif.md "Drain instead of park"): another bound backend
     * serves the format and {@code from} is going away but still usable. Stop taking requests
     * off the ring (the frontend's new requests wait there, as while suspended) and let every
     * request already in {@code from}'s disk complete on it, answered as usual. The swap's
     * record starts now. The caller then {@link #suspend suspends} (which parks only requests
     * never issued: those queued behind a barrier, or, if the drain did not end in time, the
     * ones still in the old disk), closes the old disk and {@link #resume resumes} on the new
     * backend.
     *
     * @return completed once nothing is in the disk (at once if nothing was): the thread that
     *         answered the last request in flight also suspends the device (parking only
     *         requests never issued) and completes this with the old disk for the caller to
     *         close; completed with null when the device stops running first (failed,
     *         disconnected, closed). Null if the device is not running on {@code from} (the
     *         caller parks as before).
     */
    public CompletableFuture<BlockDisk> beginDrain(BlockBackend from) throws Exception {
        return swapControl(() -> {
            if (backend != from || state != VbdState.RUNNING || ring == null || draining) {
                return null;
            }
            draining = true;
            drainedCount = 0;
            CompletableFuture<BlockDisk> f = new CompletableFuture<>();
            drained = f;
            metrics.suspended(System.nanoTime(), 0);
            checkDrained();
            return f;
        });
    }

    /** Requests answered during the last drain (for the swap's log line). */
    int drainedCount() {
        return drainedCount;
    }

    /** Whether a make-before-break drain is in progress (tests; racy read). */
    boolean draining() {
        return draining;
    }

    /** Requests taken off the ring so far (tests). */
    long acceptedRequests() throws Exception {
        return onDevice(() -> nextSeq);
    }

    /** Requests waiting on the ring when the device last resumed (diagnostics of the swap). */
    public int ringBacklogAtResume() {
        return ringBacklogAtResume;
    }

    /** How long the storage's open took in the last resume, in nanoseconds. */
    long openNanosAtResume() {
        return openNanosAtResume;
    }

    /**
     * Lock held: once nothing is in the disk (a started barrier included) the drain is over:
     * suspend here, on the thread that answered the last request, and hand the disk to the
     * waiter (no further hand-off to the device thread).
     */
    private void checkDrained() {
        if (draining && inDisk.isEmpty() && (barrier == null || !barrierStarted)) {
            suspendNow();
        }
    }

    /** Lock held: the drain is over; its waiter gets {@code oldDisk} (null: the device stopped running). */
    private void endDrain(BlockDisk oldDisk) {
        if (draining) {
            draining = false;
            drained.complete(oldDisk);
        }
    }

    /**
     * A backend serving the format is back: open the storage (on the caller's thread), then
     * install it and replay the parked requests.
     *
     * @return true if the device resumed with {@code b}
     */
    public boolean resume(BlockBackend b) throws Exception {
        if (state != VbdState.SUSPENDED) {
            return false;
        }
        BlockDisk d;
        long openStart = System.nanoTime();
        try {
            d = b.open(openRequest);
        } catch (BlockIoException | RuntimeException e) {
            LOG.warn("vbd {}: replacement backend could not reopen {}: {}", name, openRequest.target(), e.getMessage());
            return false;
        }
        DiskGeometry g = DiskGeometry.of(d, openRequest.readOnly(), geometry.discard());
        long openNanos = System.nanoTime() - openStart;
        openNanosAtResume = openNanos;
        int used = swapControl(() -> {
            if (state != VbdState.SUSPENDED) {
                return -1;
            }
            if (!g.sameShape(geometry)) {
                fail("the replacement backend presents " + g.sectors() + " sectors of " + g.sectorSize()
                        + " bytes, not " + geometry.sectors() + " of " + geometry.sectorSize());
                return -1;
            }
            disk = d;
            backend = b;
            metrics.resumed(System.nanoTime());
            ringBacklogAtResume = ring != null ? ring.unconsumed() : 0;
            move(ring != null ? VbdState.RUNNING : VbdState.CONNECTING);
            int parked = waiting.size();
            pump();
            return parked;
        });
        if (used < 0) {
            closeQuietly(d);
            return false;
        }
        // logged after the replay and the ring's backlog were issued, outside the lock
        LOG.info("vbd {}: resumed (storage reopened in {} us), replayed {} parked requests", name, openNanos / 1000,
                used);
        return true;
    }

    /** Detach: drop the ring, close the disk, stop the thread. Terminal. */
    public void close() {
        if (state == VbdState.CLOSED && thread.isShutdown()) {
            return;
        }
        BlockDisk d = null;
        try {
            d = onDevice(() -> {
                endDrain(null);
                dropRing();
                move(VbdState.CLOSED);
                BlockDisk x = disk;
                disk = null;
                backend = null;
                return x;
            });
        } catch (Exception e) {
            LOG.warn("vbd {}: close: {}", name, e.getMessage());
            state = VbdState.CLOSED;
        }
        watchdog.cancel(false);
        thread.shutdown();
        if (d != null) {
            closeQuietly(d);
        }
    }

    // ------------------------------------------------------------------ device thread

    private void move(VbdState to) {
        DeviceTransitions.check(name, state, to);
        if (state != to) {
            LOG.debug("vbd {}: {} -> {}", name, state, to);
        }
        state = to;
    }

    /** Runs {@code task} on the device thread, holding the device lock. */
    private void onDeviceThread(Runnable task) {
        thread.execute(() -> {
            lock.lock();
            try {
                task.run();
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * An event from the frontend: queue one ring pass (coalesced). On the thread that is
     * notifying the frontend of this device's completion (fast path), the pass runs right
     * here when the device is idle: the frontend kicked from its completion handler.
     */
    private void kick() {
        if (COMPLETING.get() == this && !lock.isHeldByCurrentThread() && lock.tryLock()) {
            runInlineAndNotify(this::pump);
            return;
        }
        deviceThreadKicks.increment();
        if (kickQueued.compareAndSet(false, true)) {
            try {
                onDeviceThread(() -> {
                    kickQueued.set(false);
                    pump();
                });
            } catch (RejectedExecutionException e) {
                kickQueued.set(false);
            }
        }
    }

    /** Replays parked requests, then consumes the ring until the final check says it is empty. */
    private void pump() {
        if (state != VbdState.RUNNING || ring == null || draining) {
            return; // draining: the frontend's new requests wait on the ring for the next backend
        }
        while (!waiting.isEmpty() && barrier == null && state == VbdState.RUNNING) {
            dispatch(waiting.pollFirst());
        }
        while (state == VbdState.RUNNING && barrier == null) {
            if (ring.overflowed()) {
                fail("frontend published more requests than the ring holds (req_prod - rsp_prod_pvt > "
                        + ring.size() + ")");
                return;
            }
            while (ring.unconsumed() > 0 && state == VbdState.RUNNING && barrier == null) {
                ring.takeRequest(slotCopy);
                accept(BlkifRequest.decode(slotCopy));
            }
            if (state != VbdState.RUNNING || barrier != null || !ring.finalCheckForRequests()) {
                break;
            }
        }
        queuePush();
    }

    private void accept(BlkifRequest r) {
        RequestIntake.Result res = intake.take(nextSeq++, r, geometry);
        if (res.pending() == null) {
            respond(r.id(), r.operation(), res.status());
            return;
        }
        dispatch(res.pending());
    }

    private void dispatch(Pending p) {
        if (state != VbdState.RUNNING || barrier != null) {
            waiting.addLast(p);
            return;
        }
        if (p.barrier()) {
            barrier = p;
            barrierStarted = false;
            maybeStartBarrier();
            return;
        }
        submit(p);
    }

    private void maybeStartBarrier() {
        if (barrier != null && !barrierStarted && inDisk.isEmpty()) {
            barrierStarted = true;
            barrier.phase = barrier.buffers.isEmpty() ? 1 : 0;
            issue(barrier);
        }
    }

    private void submit(Pending p) {
        inDisk.put(p.seq, p);
        issue(p);
    }

    /** Starts the disk operation of {@code p}; its completion comes back to this thread. */
    private void issue(Pending p) {
        long gen = generation;
        CompletionStage<Void> stage;
        try {
            stage = switch (p.op) {
                case BlkifOp.READ -> disk.read(p.diskSector, p.buffers);
                case BlkifOp.WRITE -> disk.write(p.diskSector, p.buffers);
                case BlkifOp.WRITE_BARRIER -> p.phase == 0 ? disk.write(p.diskSector, p.buffers) : disk.flush();
                case BlkifOp.FLUSH_DISKCACHE -> disk.flush();
                case BlkifOp.DISCARD -> disk.discard(p.diskSector, p.diskCount);
                default -> throw new IllegalStateException("unexpected op " + p.op);
            };
            if (stage == null) {
                throw new IllegalStateException("backend returned a null stage");
            }
        } catch (RuntimeException e) {
            fail("backend threw on " + opName(p.op) + ": " + e);
            return;
        }
        p.issuedNanos = System.nanoTime();
        p.attempts++;
        stage.whenComplete((v, e) -> diskDone(p, gen, e));
    }

    /**
     * The watchdog's look (device thread): a request the backend has not completed within
     * the request timeout fails the device (a hung backend).
     */
    private void checkTimeouts() {
        long limit = config.requestTimeout().toNanos();
        long now = System.nanoTime();
        Pending late = barrier != null && barrierStarted && now - barrier.issuedNanos > limit ? barrier : null;
        for (Pending p : inDisk.values()) {
            if (late == null && now - p.issuedNanos > limit) {
                late = p;
            }
        }
        if (late != null) {
            fail("backend did not complete " + opName(late.op) + " (request id " + late.id + ") within "
                    + config.requestTimeout().toMillis() + " ms");
        }
    }

    /** From the watchdog's timer thread: queue a look only when something is in the disk. */
    private void watch() {
        // A racy read of the map's size is only a hint: a stale value delays the look by one period.
        if (state == VbdState.RUNNING && (!inDisk.isEmpty() || barrier != null)) {
            try {
                onDeviceThread(this::checkTimeouts);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    /**
     * A disk operation ended. FastPath IO: handled on this thread if the device is idle (the
     * lock is free), then the frontend is notified outside the lock. A completion on the
     * device thread itself (a stage completed inside {@link #issue}) or a busy device goes
     * through the device thread, and so does a request larger than {@link #ioMaxPages} while
     * others of this device are still at the disk: the backend's thread then goes on with
     * their I/O instead of this one's ring work. Alone at the disk (a frontend waiting for each
     * request before sending the next), nothing waits behind it, and the hand-off would be
     * all that changed (queue depth 1, docs/benchmarks.md "Queue depth 1").
     */
    private void diskDone(Pending p, long gen, Throwable e) {
        if (completeOnBackendThread && !lock.isHeldByCurrentThread() && lock.tryLock()) {
            if (p.pages.size() <= ioMaxPages || aloneAtDisk(p)) {
                runInlineAndNotify(() -> completed(p, gen, e));
                return;
            }
            lock.unlock();
        }
        deviceThreadCompletions.increment();
        try {
            onDeviceThread(() -> completed(p, gen, e));
        } catch (RejectedExecutionException closed) {
            // the device was closed meanwhile: only the pages are left to release
            lock.lock();
            try {
                attemptEnded(p);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Lock held: one disk operation of {@code p} ended. An answered request whose last
     * operation this was (one parked in a disk given up) releases its pages now.
     */
    private void attemptEnded(Pending p) {
        p.attempts--;
        if (p.answered && p.attempts == 0) {
            unmapPages(p);
        }
    }

    /**
     * Runs {@code work} as one inline section on the calling thread (the caller holds the
     * lock, taken with tryLock), publishes its responses once, releases the lock and then
     * notifies the frontend outside it.
     */
    private void runInlineAndNotify(Runnable work) {
        try {
            inlineSection(() -> {
                work.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // a Runnable throws nothing checked
        }
    }

    /**
     * One inline section (the caller holds the lock; released here): runs {@code body} on
     * this thread instead of the device thread, publishes the responses it queued once,
     * releases the lock and notifies the frontend outside it. If {@code body} throws, its
     * responses are pushed by the device thread instead.
     */
    private <T> T inlineSection(Callable<T> body) throws Exception {
        T result;
        int notify = -1;
        boolean done = false;
        try {
            inline = true;
            result = body.call();
            notify = pushNow();
            done = true;
        } finally {
            inline = false;
            if (!done) {
                queuePush();
            }
            lock.unlock();
        }
        notifyFrontend(notify);
        return result;
    }

    /** Publishes queued responses (lock held); returns the port to notify, or -1. */
    private int pushNow() {
        if (ring != null && ring.pushResponses()) {
            metrics.notified();
            return port;
        }
        return -1;
    }

    /**
     * Notifies the frontend outside the device lock. While it runs, a kick from a dom0
     * frontend that submits its next request on this thread is served inline ({@link #kick}).
     */
    private void notifyFrontend(int notifyPort) {
        if (notifyPort < 0) {
            return;
        }
        VbdDevice outer = COMPLETING.get();
        COMPLETING.set(this);
        try {
            events.send(notifyPort);
        } catch (RuntimeException e) {
            LOG.debug("vbd {}: notify failed: {}", name, e.getMessage());
        } finally {
            COMPLETING.set(outer);
        }
    }

    private void completed(Pending p, long gen, Throwable err) {
        attemptEnded(p);
        if (gen != generation || state == VbdState.CLOSED) {
            return; // parked by a suspension, answered by a failure, or dropped by a disconnect
        }
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof TimeoutException) {
            fail("backend did not complete " + opName(p.op) + " (request id " + p.id + ") within "
                    + config.requestTimeout().toMillis() + " ms");
            return;
        }
        if (cause != null && !(cause instanceof BlockIoException)) {
            fail("backend failed " + opName(p.op) + ": " + cause);
            return;
        }
        int status = cause == null ? BlkifRsp.OKAY
                : ((BlockIoException) cause).kind() == BlockIoException.Kind.UNSUPPORTED ? BlkifRsp.EOPNOTSUPP : BlkifRsp.ERROR;
        if (p == barrier) {
            if (status == BlkifRsp.OKAY && p.phase == 0) {
                p.phase = 1;
                issue(p);
                return;
            }
            barrier = null;
            barrierStarted = false;
            finish(p, status);
            countDrained();
            pump();
            checkDrained();
            return;
        }
        inDisk.remove(p.seq);
        if (cause != null) {
            LOG.debug("vbd {}: {} failed: {}", name, opName(p.op), cause.getMessage());
        }
        finish(p, status);
        countDrained();
        maybeStartBarrier();
        checkDrained();
    }

    /** Lock held: whether {@code p} is the only request of this device at the disk. */
    private boolean aloneAtDisk(Pending p) {
        return inDisk.size() == 1 && inDisk.get(p.seq) == p;
    }

    /** A request answered while draining (swap-related: counted for the swap's log line). */
    private void countDrained() {
        if (draining) {
            drainedCount++;
        }
    }

    private void finish(Pending p, int status) {
        release(p);
        respond(p.id, p.responseOp, status);
    }

    /**
     * {@code p} is done with (answered, or its ring is gone): its pages are unmapped now, or,
     * while a disk given up still has an operation on them, when that ends ({@link #attemptEnded}).
     */
    private void release(Pending p) {
        p.answered = true;
        if (p.attempts == 0) {
            unmapPages(p);
        }
    }

    /**
     * Data pages are mapped as views that unmap does not revoke (GrantViews), so a page is
     * given back only when no disk operation can still touch it.
     */
    private void unmapPages(Pending p) {
        for (MappedPage page : p.pages) {
            memory.unmap(page);
        }
    }

    private void respond(long id, int op, int status) {
        if (ring == null) {
            return;
        }
        ring.putResponse(id, op, status);
        SwapRecord swap = metrics.completed(status != BlkifRsp.OKAY, System.nanoTime());
        if (swap != null) {
            // debug: this runs under the device lock on the completion path (SwapRecord has the figures)
            LOG.debug("vbd {}: swap complete: blackout {} us ({} parked requests replayed)", name,
                    swap.blackoutNanos() / 1000, swap.parkedRequests());
        }
        queuePush();
    }

    /** Pushes once after the completions already queued on this thread (batching). */
    private void queuePush() {
        if (inline || pushQueued || ring == null || !ring.hasUnpushed()) {
            return; // an inline section pushes once at its end
        }
        pushQueued = true;
        thread.execute(() -> {
            int notify;
            lock.lock();
            try {
                pushQueued = false;
                notify = pushNow();
            } finally {
                lock.unlock();
            }
            if (inlineEvents) {
                notifyFrontend(notify); // outside the lock: a dom0 frontend's handler runs in it
            } else if (notify >= 0) {
                try {
                    events.send(notify);
                } catch (RuntimeException e) {
                    LOG.debug("vbd {}: notify failed: {}", name, e.getMessage());
                }
            }
        });
    }

    /**
     * Fails this device only: every unanswered request gets ERROR, the disk is abandoned
     * (closed on another thread, it may hang), and the xenbus end is asked to close.
     */
    private void fail(String why) {
        if (state == VbdState.FAILED || state == VbdState.CLOSED) {
            return;
        }
        LOG.warn("vbd {}: failed: {}", name, why);
        failure = why;
        generation++;
        endDrain(null);
        List<Pending> all = new ArrayList<>(inDisk.values());
        inDisk.clear();
        if (barrier != null) {
            all.add(barrier);
            barrier = null;
        }
        all.addAll(waiting);
        waiting.clear();
        all.sort((a, b) -> Long.compare(a.seq, b.seq));
        for (Pending p : all) {
            finish(p, BlkifRsp.ERROR);
        }
        if (ring != null && ring.pushResponses()) {
            metrics.notified();
            try {
                events.send(port);
            } catch (RuntimeException e) {
                LOG.debug("vbd {}: notify failed: {}", name, e.getMessage());
            }
        }
        move(VbdState.FAILED);
        BlockDisk d = disk;
        disk = null;
        if (d != null) {
            Thread.ofPlatform().daemon().name("blkback-abandon-" + name.replace('/', '-')).start(() -> closeQuietly(d));
        }
        Thread.ofPlatform().daemon().name("blkback-fail-" + name.replace('/', '-')).start(() -> onFailed.accept(this));
    }

    private void dropRing() {
        generation++;
        endDrain(null);
        List<Pending> all = new ArrayList<>(inDisk.values());
        inDisk.clear();
        if (barrier != null) {
            all.add(barrier);
            barrier = null;
        }
        all.addAll(waiting);
        waiting.clear();
        for (Pending p : all) {
            release(p); // no response any more: the ring is gone
        }
        if (port >= 0) {
            try {
                events.close(port);
            } catch (RuntimeException e) {
                LOG.debug("vbd {}: closing port {}: {}", name, port, e.getMessage());
            }
            port = -1;
        }
        ringPages.forEach(memory::unmap);
        ringPages = List.of();
        ring = null;
    }

    private void closeQuietly(BlockDisk d) {
        try {
            d.close();
        } catch (RuntimeException e) {
            LOG.warn("vbd {}: closing the disk failed: {}", name, e.toString());
        }
    }

    static String opName(int op) {
        return switch (op) {
            case BlkifOp.READ -> "READ";
            case BlkifOp.WRITE -> "WRITE";
            case BlkifOp.WRITE_BARRIER -> "WRITE_BARRIER";
            case BlkifOp.FLUSH_DISKCACHE -> "FLUSH_DISKCACHE";
            case BlkifOp.DISCARD -> "DISCARD";
            case BlkifOp.INDIRECT -> "INDIRECT";
            default -> "op " + op;
        };
    }
}
