package org.paravane.core.blkfront;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.paravane.api.abi.Blkif;
import org.paravane.api.abi.BlkifOp;
import org.paravane.api.abi.BlkifRequestDiscardLayout;
import org.paravane.api.abi.BlkifRequestIndirectLayout;
import org.paravane.api.abi.BlkifRequestLayout;
import org.paravane.api.abi.BlkifResponseLayout;
import org.paravane.api.abi.BlkifRsp;
import org.paravane.api.abi.BlkifSegmentLayout;
import org.paravane.api.abi.Vdisk;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;
import org.paravane.core.blkif.FastPath;
import org.paravane.core.blkif.FrontRing;
import org.paravane.core.blkif.LocalGrantTable;
import org.paravane.core.blkif.RingPages;
import org.paravane.core.evtchn.InlineEventHandler;
import org.paravane.core.xenbus.XenbusFrontend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java blkfront in dom0 (local attach). It grants its ring and bounce pages through a
 * {@link LocalGrantTable}, allocates the event channel, runs the frontend handshake (facts
 * §5.4 step 3 and 5), and serves {@link BlockDisk} I/O: each transfer is split into requests
 * of up to 11 pages (or the indirect maximum), at most one per ring slot in flight (the queue
 * depth is the ring size), further ones queue. Requests are pushed in batches with
 * notify-iff-needed; responses are taken with the final check on {@code rsp_event}.
 */
public final class BlkFront implements BlockDisk {

    private static final Logger LOG = LoggerFactory.getLogger(BlkFront.class);
    private static final int PAGE = 4096;

    /**
     * Frontend choices.
     *
     * @param ringPageOrder    wanted ring size (2^order pages), capped by the backend's maximum
     * @param indirectSegments wanted segments per indirect request (0: direct requests only),
     *                         capped by the backend's maximum
     * @param handshakeTimeout how long to wait for each backend state
     */
    public record Options(int ringPageOrder, int indirectSegments, Duration handshakeTimeout) {
        /** One-page ring, 256 indirect segments (1 MiB requests), 10 s per handshake step. */
        public static Options defaults() {
            return new Options(0, 256, Duration.ofSeconds(10));
        }
    }

    /** A part of a caller's transfer that fits one request. */
    private static final class Chunk {
        final Transfer t;
        final long offset; // bytes into the transfer
        final long bytes;
        final long sector512;

        Chunk(Transfer t, long offset, long bytes, long sector512) {
            this.t = t;
            this.offset = offset;
            this.bytes = bytes;
            this.sector512 = sector512;
        }
    }

    /** One caller operation. */
    private static final class Transfer {
        final int op;
        final List<MemorySegment> buffers;
        final long discardSectors;
        /** Every buffer is whole native pages: its pages are granted to the backend as they are. */
        final boolean pageAligned;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int remaining;
        int status = BlkifRsp.OKAY;

        Transfer(int op, List<MemorySegment> buffers, long discardSectors) {
            this.op = op;
            this.buffers = buffers;
            this.discardSectors = discardSectors;
            this.pageAligned = Buffers.wholePages(buffers, PAGE, op == BlkifOp.READ);
        }
    }

    /** One ring slot's bounce pages and the chunk using them. */
    private static final class Slot {
        final int id;
        final MemorySegment[] pages;
        final int[] refs;
        final MemorySegment[] indirect;
        final int[] indirectRefs;
        /** Grants of the caller's own pages lent for the chunk in flight (zero copy); revoked on its response. */
        final int[] lent;
        int lentCount;
        Chunk chunk;

        Slot(int id, MemorySegment[] pages, int[] refs, MemorySegment[] indirect, int[] indirectRefs) {
            this.id = id;
            this.pages = pages;
            this.refs = refs;
            this.indirect = indirect;
            this.indirectRefs = indirectRefs;
            this.lent = new int[refs.length];
        }
    }

    private final XenbusFrontend end;
    private final EventChannelService events;
    private final LocalGrantTable grants;
    private final Arena arena = Arena.ofShared();
    private final BlockingQueue<XenbusState> backendStates = new LinkedBlockingQueue<>();
    private final Deque<Chunk> queue = new ArrayDeque<>();
    private final Deque<Slot> free = new ArrayDeque<>();
    private final List<Integer> allRefs = new ArrayList<>();
    private final MemorySegment request = arena.allocate(BlkifRequestLayout.SIZEOF, 8);
    private final MemorySegment response = arena.allocate(BlkifResponseLayout.SIZEOF, 8);
    private final AtomicLong notificationsSent = new AtomicLong();
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong zeroCopyRequests = new AtomicLong();
    private Slot[] slots;
    private FrontRing ring;
    private int port = -1;
    private int segmentsPerRequest;
    private boolean indirect;
    private long sectors512;
    private int sectorSize;
    private boolean readOnly;
    private Set<BlockFeature> features = EnumSet.noneOf(BlockFeature.class);
    private volatile boolean connected;
    private volatile boolean closed;

    private BlkFront(XenbusFrontend end, EventChannelService events, LocalGrantTable grants) {
        this.end = end;
        this.events = events;
        this.grants = grants;
    }

    /**
     * Runs the frontend handshake on the frontend directory {@code frontendPath} (made by the
     * toolstack) and returns a connected disk.
     *
     * @throws BlockIoException when the backend refuses, closes or does not answer in time
     */
    public static BlkFront connect(XenStore store, String frontendPath, EventChannelService events,
            LocalGrantTable grants, Options options) throws BlockIoException {
        BlkFront f;
        try {
            f = new BlkFront(XenbusFrontend.attach(store, frontendPath), events, grants);
        } catch (XsException | RuntimeException e) {
            throw new BlockIoException(BlockIoException.Kind.NOT_FOUND, frontendPath + ": " + e.getMessage(), e);
        }
        try {
            f.handshake(options);
            return f;
        } catch (XsException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            f.close();
            throw new BlockIoException(BlockIoException.Kind.IO_ERROR, frontendPath + ": handshake failed: " + e.getMessage(), e);
        } catch (BlockIoException e) {
            f.close();
            throw e;
        }
    }

    private void handshake(Options o) throws XsException, InterruptedException, BlockIoException {
        end.watchPeerState(this::backendChanged);
        awaitBackend(EnumSet.of(XenbusState.INIT_WAIT, XenbusState.CONNECTED), o.handshakeTimeout());
        Map<String, String> be = end.readBackend(List.of("max-ring-page-order", "feature-max-indirect-segments"));
        int maxOrder = parse(be.get("max-ring-page-order"), 0);
        int order = Math.min(o.ringPageOrder(), maxOrder);
        int maxIndirect = parse(be.get("feature-max-indirect-segments"), 0);
        int ind = Math.min(o.indirectSegments(), maxIndirect);
        indirect = ind > Blkif.MAX_SEGMENTS_PER_REQUEST;
        segmentsPerRequest = indirect ? ind : Blkif.MAX_SEGMENTS_PER_REQUEST;

        List<MemorySegment> ringPages = new ArrayList<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < (1 << order); i++) {
            MemorySegment p = arena.allocate(PAGE, PAGE);
            ringPages.add(p);
            int ref = grant(p, false);
            keys.put(order == 0 ? "ring-ref" : "ring-ref" + i, Integer.toString(ref));
        }
        ring = new FrontRing(new RingPages(ringPages));
        slots = new Slot[ring.size()];
        int indirectPages = indirect ? (segmentsPerRequest + Blkif.SEGS_PER_INDIRECT_FRAME - 1) / Blkif.SEGS_PER_INDIRECT_FRAME : 0;
        for (int s = 0; s < slots.length; s++) {
            MemorySegment[] pages = new MemorySegment[segmentsPerRequest];
            int[] refs = new int[segmentsPerRequest];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = arena.allocate(PAGE, PAGE);
                refs[i] = grant(pages[i], false);
            }
            MemorySegment[] ip = new MemorySegment[indirectPages];
            int[] irefs = new int[indirectPages];
            for (int i = 0; i < indirectPages; i++) {
                ip[i] = arena.allocate(PAGE, PAGE);
                irefs[i] = grant(ip[i], true);
            }
            slots[s] = new Slot(s, pages, refs, ip, irefs);
            free.add(slots[s]);
        }
        int backendDomid = Integer.parseInt(end.store().readString(end.path() + "/backend-id"));
        // Fast path: a dom0 blkback device delivers to this handler on its own thread, and this
        // frontend's kicks reach the device the same way (Dom0EventChannels local pairs).
        port = events.allocUnbound(backendDomid, FastPath.mode() != FastPath.Mode.OFF ? (InlineEventHandler) p -> onEvent() : p -> onEvent());
        if (order > 0) {
            keys.put("ring-page-order", Integer.toString(order));
        }
        keys.put("event-channel", Integer.toString(port));
        keys.put("protocol", Blkif.PROTOCOL_RISCV64);
        end.publishAndInitialise(keys);

        awaitBackend(EnumSet.of(XenbusState.CONNECTED), o.handshakeTimeout());
        Map<String, String> props = end.readBackend(List.of("sectors", "info", "sector-size", "feature-flush-cache",
                "feature-barrier", "feature-discard"));
        sectors512 = Long.parseLong(props.getOrDefault("sectors", "0"));
        sectorSize = parse(props.get("sector-size"), Blkif.SECTOR_SIZE);
        readOnly = (parse(props.get("info"), 0) & Vdisk.READONLY) != 0;
        if ("1".equals(props.get("feature-flush-cache"))) {
            features.add(BlockFeature.FLUSH);
        }
        if ("1".equals(props.get("feature-barrier"))) {
            features.add(BlockFeature.BARRIER);
        }
        if ("1".equals(props.get("feature-discard"))) {
            features.add(BlockFeature.DISCARD);
        }
        end.switchState(XenbusState.CONNECTED);
        connected = true;
        LOG.info("blkfront {}: connected, {} sectors, ring of {} slots, {} segments per request", end.path(),
                sectors512, ring.size(), segmentsPerRequest);
    }

    private int grant(MemorySegment page, boolean readonly) {
        int ref = grants.grant(page, readonly);
        allRefs.add(ref);
        return ref;
    }

    private static int parse(String v, int fallback) {
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void awaitBackend(Set<XenbusState> want, Duration timeout) throws InterruptedException, BlockIoException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            XenbusState s = end.peerState();
            if (want.contains(s)) {
                return;
            }
            if (s == XenbusState.CLOSING || s == XenbusState.CLOSED) {
                String err = "";
                try {
                    err = end.store().readString(end.peerPath() + "/error");
                } catch (XsException e) {
                    // no error key
                }
                throw new BlockIoException(BlockIoException.Kind.IO_ERROR, end.path() + ": backend is " + s
                        + (err.isEmpty() ? "" : ": " + err));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new BlockIoException(BlockIoException.Kind.IO_ERROR, end.path() + ": backend stayed " + s
                        + ", wanted " + want);
            }
            backendStates.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        }
    }

    /** Backend state watch: feeds the handshake; a closing backend closes this frontend (§5.5). */
    private void backendChanged(XenbusState s) {
        backendStates.add(s);
        if (connected && (s == XenbusState.CLOSING || s == XenbusState.CLOSED || s == XenbusState.UNKNOWN)) {
            connected = false;
            failAll("backend went " + s);
            try {
                XenbusState own = end.state();
                if (own != XenbusState.CLOSED && XenbusState.canTransition(own, XenbusState.CLOSED)) {
                    end.switchState(XenbusState.CLOSED);
                }
            } catch (XsException | RuntimeException e) {
                LOG.debug("blkfront {}: closing: {}", end.path(), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ BlockDisk

    @Override
    public long sectors() {
        return sectors512 / (sectorSize / Blkif.SECTOR_SIZE);
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public Set<BlockFeature> features() {
        return Set.copyOf(features);
    }

    @Override
    public CompletionStage<Void> read(long sector, List<MemorySegment> buffers) {
        return transfer(BlkifOp.READ, sector, buffers);
    }

    @Override
    public CompletionStage<Void> write(long sector, List<MemorySegment> buffers) {
        return transfer(BlkifOp.WRITE, sector, buffers);
    }

    /** A write that is ordered after every earlier write and durable (blkif WRITE_BARRIER). */
    public CompletionStage<Void> writeBarrier(long sector, List<MemorySegment> buffers) {
        if (!features.contains(BlockFeature.BARRIER)) {
            return unsupported("barrier");
        }
        return transfer(BlkifOp.WRITE_BARRIER, sector, buffers);
    }

    @Override
    public CompletionStage<Void> flush() {
        if (!features.contains(BlockFeature.FLUSH)) {
            return unsupported("flush");
        }
        Transfer t = new Transfer(BlkifOp.FLUSH_DISKCACHE, List.of(), 0);
        return enqueue(t, List.of(new Chunk(t, 0, 0, 0)));
    }

    @Override
    public CompletionStage<Void> discard(long sector, long count) {
        if (!features.contains(BlockFeature.DISCARD)) {
            return unsupported("discard");
        }
        long unit = sectorSize / Blkif.SECTOR_SIZE;
        Transfer t = new Transfer(BlkifOp.DISCARD, List.of(), count * unit);
        return enqueue(t, List.of(new Chunk(t, 0, 0, sector * unit)));
    }

    private CompletionStage<Void> unsupported(String what) {
        return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.UNSUPPORTED,
                end.path() + ": the backend offers no " + what));
    }

    private CompletionStage<Void> transfer(int op, long sector, List<MemorySegment> buffers) {
        List<MemorySegment> bufs = List.copyOf(buffers);
        long total = Buffers.total(bufs);
        if (total % sectorSize != 0 || (op == BlkifOp.WRITE_BARRIER ? total < 0 : total == 0)) {
            return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    end.path() + ": transfer of " + total + " bytes is not a positive multiple of " + sectorSize));
        }
        Transfer t = new Transfer(op, bufs, 0);
        long unit = sectorSize / Blkif.SECTOR_SIZE;
        long max = (long) segmentsPerRequest * PAGE;
        if (op == BlkifOp.WRITE_BARRIER && total > max) {
            return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    end.path() + ": a barrier write is at most " + max + " bytes"));
        }
        List<Chunk> chunks = new ArrayList<>();
        for (long off = 0; off < total || (total == 0 && chunks.isEmpty()); off += max) {
            long n = Math.min(max, total - off);
            chunks.add(new Chunk(t, off, n, sector * unit + off / Blkif.SECTOR_SIZE));
        }
        return enqueue(t, chunks);
    }

    private CompletionStage<Void> enqueue(Transfer t, List<Chunk> chunks) {
        t.remaining = chunks.size();
        synchronized (this) {
            if (!connected || closed) {
                return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.CLOSED,
                        end.path() + ": not connected"));
            }
            queue.addAll(chunks);
            fillRing();
        }
        return t.done;
    }

    /** Moves queued chunks into free slots, then pushes once (batching, §4.4). Holds the lock. */
    private void fillRing() {
        boolean any = false;
        while (!queue.isEmpty() && !free.isEmpty()) {
            Slot s = free.poll();
            Chunk c = queue.poll();
            s.chunk = c;
            build(s, c);
            ring.putRequest(request, BlkifRequestLayout.SIZEOF);
            any = true;
        }
        if (any && ring.pushRequests()) {
            notificationsSent.incrementAndGet();
            events.send(port);
        }
    }

    private void build(Slot s, Chunk c) {
        request.fill((byte) 0);
        Transfer t = c.t;
        request.set(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestLayout.ID, s.id);
        request.set(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestLayout.SECTOR_NUMBER, c.sector512);
        if (t.op == BlkifOp.DISCARD) {
            request.set(ValueLayout.JAVA_BYTE, BlkifRequestDiscardLayout.OPERATION, (byte) BlkifOp.DISCARD);
            request.set(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestDiscardLayout.NR_SECTORS, t.discardSectors);
            return;
        }
        int pages = (int) ((c.bytes + PAGE - 1) / PAGE);
        // Zero copy: a caller's buffer made of whole native pages is granted page by page for
        // this request (read-only for a write, as the backend maps it), like Linux's blkfront
        // granting the bio's pages; otherwise the data goes through the slot's bounce pages.
        boolean lend = t.pageAligned && (t.op == BlkifOp.READ || t.op == BlkifOp.WRITE);
        if (lend) {
            for (int i = 0; i < pages; i++) {
                s.lent[i] = grants.grant(Buffers.page(t.buffers, c.offset + (long) i * PAGE, PAGE),
                        t.op == BlkifOp.WRITE);
            }
            s.lentCount = pages;
            zeroCopyRequests.incrementAndGet();
        } else if (t.op == BlkifOp.WRITE || t.op == BlkifOp.WRITE_BARRIER) {
            for (int i = 0; i < pages; i++) {
                long n = Math.min(PAGE, c.bytes - (long) i * PAGE);
                Buffers.copy(t.buffers, c.offset + (long) i * PAGE, s.pages[i], 0, n, true);
            }
        }
        boolean useIndirect = indirect && pages > Blkif.MAX_SEGMENTS_PER_REQUEST && (t.op == BlkifOp.READ || t.op == BlkifOp.WRITE);
        MemorySegment descriptors = request;
        long base = BlkifRequestLayout.SEG;
        if (useIndirect) {
            request.set(ValueLayout.JAVA_BYTE, BlkifRequestIndirectLayout.OPERATION, (byte) BlkifOp.INDIRECT);
            request.set(ValueLayout.JAVA_BYTE, BlkifRequestIndirectLayout.INDIRECT_OP, (byte) t.op);
            request.set(ValueLayout.JAVA_SHORT_UNALIGNED, BlkifRequestIndirectLayout.NR_SEGMENTS, (short) pages);
            for (int i = 0; i < s.indirectRefs.length; i++) {
                request.set(ValueLayout.JAVA_INT_UNALIGNED, BlkifRequestIndirectLayout.INDIRECT_GREFS + 4L * i, s.indirectRefs[i]);
            }
        } else {
            request.set(ValueLayout.JAVA_BYTE, BlkifRequestLayout.OPERATION, (byte) t.op);
            request.set(ValueLayout.JAVA_BYTE, BlkifRequestLayout.NR_SEGMENTS, (byte) pages);
        }
        for (int i = 0; i < pages; i++) {
            long n = Math.min(PAGE, c.bytes - (long) i * PAGE);
            MemorySegment target = useIndirect ? s.indirect[i / Blkif.SEGS_PER_INDIRECT_FRAME] : descriptors;
            long o = useIndirect ? (long) (i % Blkif.SEGS_PER_INDIRECT_FRAME) * BlkifSegmentLayout.SIZEOF
                    : base + (long) i * BlkifSegmentLayout.SIZEOF;
            target.set(ValueLayout.JAVA_INT_UNALIGNED, o + BlkifSegmentLayout.GREF, lend ? s.lent[i] : s.refs[i]);
            target.set(ValueLayout.JAVA_BYTE, o + BlkifSegmentLayout.FIRST_SECT, (byte) 0);
            target.set(ValueLayout.JAVA_BYTE, o + BlkifSegmentLayout.LAST_SECT, (byte) (n / Blkif.SECTOR_SIZE - 1));
        }
    }

    /** The event handler: take every response, final check, refill the ring. */
    private void onEvent() {
        eventsReceived.incrementAndGet();
        List<Transfer> finished = new ArrayList<>();
        synchronized (this) {
            if (ring == null || closed) {
                return;
            }
            do {
                if (ring.overflowed()) {
                    LOG.warn("blkfront {}: backend published more responses than requests", end.path());
                    return;
                }
                while (ring.unconsumedResponses() > 0) {
                    ring.takeResponse(response);
                    long id = response.get(ValueLayout.JAVA_LONG_UNALIGNED, BlkifResponseLayout.ID);
                    int status = response.get(ValueLayout.JAVA_SHORT_UNALIGNED, BlkifResponseLayout.STATUS);
                    if (id < 0 || id >= slots.length || slots[(int) id].chunk == null) {
                        LOG.warn("blkfront {}: response for unknown id {}", end.path(), id);
                        continue;
                    }
                    Slot s = slots[(int) id];
                    Chunk c = s.chunk;
                    s.chunk = null;
                    if (s.lentCount > 0) {
                        returnLent(s);
                    } else if (status == BlkifRsp.OKAY && c.t.op == BlkifOp.READ) {
                        int pages = (int) ((c.bytes + PAGE - 1) / PAGE);
                        for (int i = 0; i < pages; i++) {
                            long n = Math.min(PAGE, c.bytes - (long) i * PAGE);
                            Buffers.copy(c.t.buffers, c.offset + (long) i * PAGE, s.pages[i], 0, n, false);
                        }
                    }
                    free.add(s);
                    if (status != BlkifRsp.OKAY && c.t.status == BlkifRsp.OKAY) {
                        c.t.status = status;
                    }
                    if (--c.t.remaining == 0) {
                        finished.add(c.t);
                    }
                }
            } while (ring.finalCheckForResponses());
            fillRing();
        }
        for (Transfer t : finished) {
            complete(t);
        }
    }

    /** Revokes the grants of a caller's pages lent for a slot's request. */
    private void returnLent(Slot s) {
        for (int i = 0; i < s.lentCount; i++) {
            grants.revoke(s.lent[i]);
        }
        s.lentCount = 0;
    }

    private void complete(Transfer t) {
        if (t.status == BlkifRsp.OKAY) {
            t.done.complete(null);
        } else {
            t.done.completeExceptionally(new BlockIoException(t.status == BlkifRsp.EOPNOTSUPP
                    ? BlockIoException.Kind.UNSUPPORTED : BlockIoException.Kind.IO_ERROR,
                    end.path() + ": backend answered status " + t.status));
        }
    }

    private void failAll(String why) {
        List<Transfer> dead = new ArrayList<>();
        synchronized (this) {
            if (slots != null) {
                for (Slot s : slots) {
                    if (s.chunk != null && !dead.contains(s.chunk.t)) {
                        dead.add(s.chunk.t);
                    }
                }
            }
            for (Chunk c : queue) {
                if (!dead.contains(c.t)) {
                    dead.add(c.t);
                }
            }
            queue.clear();
        }
        for (Transfer t : dead) {
            t.done.completeExceptionally(new BlockIoException(BlockIoException.Kind.IO_ERROR, end.path() + ": " + why));
        }
    }

    /** Notifications this frontend sent to the backend. */
    public long notificationsSent() {
        return notificationsSent.get();
    }

    /** Requests whose data pages were the caller's own (granted, not copied). */
    public long zeroCopyRequests() {
        return zeroCopyRequests.get();
    }

    /** Events this frontend received. */
    public long eventsReceived() {
        return eventsReceived.get();
    }

    /** The ring's slot count (the queue depth). */
    public synchronized int queueDepth() {
        return ring == null ? 0 : ring.size();
    }

    /** True while connected to the backend. */
    public boolean connected() {
        return connected;
    }

    /** The frontend directory. */
    public String path() {
        return end.path();
    }

    /** Fails what is pending, goes Closed, frees the port, grants and pages. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        connected = false;
        failAll("closed");
        try {
            XenbusState own = end.state();
            if (own != XenbusState.CLOSED && own != XenbusState.UNKNOWN && XenbusState.canTransition(own, XenbusState.CLOSED)) {
                end.switchState(XenbusState.CLOSED);
            }
        } catch (XsException | RuntimeException e) {
            LOG.debug("blkfront {}: close: {}", end.path(), e.getMessage());
        }
        end.close();
        if (port >= 0) {
            try {
                events.close(port);
            } catch (RuntimeException e) {
                LOG.debug("blkfront {}: closing port: {}", end.path(), e.getMessage());
            }
        }
        allRefs.forEach(grants::revoke);
        synchronized (this) {
            if (slots != null) {
                for (Slot s : slots) {
                    returnLent(s);
                }
            }
            ring = null;
        }
        // The pages stay allocated: a backend that still holds a mapping must not touch freed memory.
    }
}
