package org.paravane.core.builder;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.paravane.api.abi.Blkif;
import org.paravane.api.abi.BlkifOp;
import org.paravane.api.abi.BlkifRsp;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.grant.GrantMapping;
import org.paravane.api.grant.GrantService;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.StoreOps;

/**
 * A small vbd backend in the test, so the guest's C blkfront can be run end to end before
 * core's blkback exists: it plays the backend side of the handshake (facts §5.4) on the
 * real xenstored, maps the guest's ring and data grants through dom0's real grant service,
 * binds the guest's port, serves READ / WRITE / FLUSH / DISCARD / INDIRECT from a byte
 * array, and records what it saw. Every request is copied out of the ring once and checked;
 * a malformed one is recorded as a problem (the test asserts there are none) and answered
 * with BLKIF_RSP_ERROR. {@link Offer#corruptFirstResponseId} makes it misbehave on purpose.
 */
final class ScriptedBlkback implements AutoCloseable {

    private static final int PAGE = 4096;
    private static final int SLOT = 112;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /**
     * What the backend offers (0 disables a feature); whether its first response carries an
     * id the frontend never used; and a sector whose writes after the first are silently
     * dropped (a lost write; -1 for none).
     */
    record Offer(int maxRingPageOrder, int maxIndirectSegments, boolean flush, boolean discard,
            boolean corruptFirstResponseId, long staleSector) {

        /** A well-behaved backend with these features. */
        static Offer of(int maxRingPageOrder, int maxIndirectSegments, boolean flush, boolean discard) {
            return new Offer(maxRingPageOrder, maxIndirectSegments, flush, discard, false, -1);
        }
    }

    private final StoreOps store;
    private final EventChannelService events;
    private final GrantService grants;
    private final int guest;
    private final String front;
    private final String back;
    private final Offer offer;
    final byte[] disk;

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final Thread stateWatcher;
    private volatile boolean stopping;

    private final List<GrantMapping> ringMaps = new ArrayList<>();
    private int slots;
    private int port = -1;
    private int reqCons;
    private int rspProdPvt;

    // what happened, for the test's assertions
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger indirect = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    final AtomicInteger discards = new AtomicInteger();
    final AtomicInteger maxSegments = new AtomicInteger();
    volatile int ringPages;
    volatile String protocol;
    volatile int finalBackState;
    private boolean corruptNextResponseId;
    private boolean staleSectorWritten;

    ScriptedBlkback(StoreOps store, EventChannelService events, GrantService grants, int guest, int devid,
            int sectors, Offer offer) throws Exception {
        this.store = store;
        this.events = events;
        this.grants = grants;
        this.guest = guest;
        this.offer = offer;
        this.disk = new byte[sectors * Blkif.SECTOR_SIZE];
        this.corruptNextResponseId = offer.corruptFirstResponseId();
        this.front = "/local/domain/" + guest + "/device/vbd/" + devid;
        this.back = "/local/domain/0/backend/vbd/" + guest + "/" + devid;
        // the toolstack's part (facts §5.3): both directories, state 1, permissions
        store.mkdir(back);
        store.setPerms(back, new NodePerms(List.of(new Permission(Access.NONE, 0), new Permission(Access.READ, guest))));
        store.write(back + "/frontend", front);
        store.write(back + "/frontend-id", Integer.toString(guest));
        store.write(back + "/state", "1");
        store.mkdir(front);
        store.setPerms(front, new NodePerms(List.of(new Permission(Access.NONE, guest), new Permission(Access.READ, 0))));
        store.write(front + "/backend", back);
        store.write(front + "/backend-id", "0");
        store.write(front + "/virtual-device", Integer.toString(devid));
        store.write(front + "/state", "1");
        // the backend's probe: transport features, then InitWait
        store.write(back + "/max-ring-page-order", Integer.toString(offer.maxRingPageOrder()));
        store.write(back + "/feature-max-indirect-segments", Integer.toString(offer.maxIndirectSegments()));
        store.write(back + "/state", "2");
        stateWatcher = Thread.ofPlatform().daemon().name("scripted-blkback-state").start(this::followFrontend);
    }

    /** Polls the frontend's state every millisecond and answers like blkback (facts §5.5). */
    private void followFrontend() {
        int last = -1;
        while (!stopping) {
            try {
                int s = Integer.parseInt(store.readString(front + "/state"));
                if (s != last) {
                    last = s;
                    int fs = s;
                    worker.submit(() -> onFrontendState(fs)).get();
                }
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!stopping) {
                    problems.add("state watcher: " + e);
                }
                return;
            }
        }
    }

    private void onFrontendState(int s) {
        try {
            switch (s) {
                case 3 -> connect();
                case 5 -> {
                    disconnect();
                    setState(5);
                }
                case 6 -> {
                    disconnect();
                    setState(6);
                }
                default -> {
                }
            }
        } catch (Exception e) {
            problems.add("state " + s + ": " + e);
        }
    }

    private void setState(int s) throws Exception {
        store.write(back + "/state", Integer.toString(s));
        finalBackState = s;
    }

    private void connect() throws Exception {
        protocol = store.readString(front + "/protocol");
        int order = store.exists(front + "/ring-page-order")
                ? Integer.parseInt(store.readString(front + "/ring-page-order")) : 0;
        if (order > offer.maxRingPageOrder()) {
            problems.add("ring-page-order " + order + " above the offer");
        }
        ringPages = 1 << order;
        for (int i = 0; i < ringPages; i++) {
            String key = order == 0 ? "/ring-ref" : "/ring-ref" + i;
            ringMaps.add(grants.map(guest, Integer.parseInt(store.readString(front + key)), false));
        }
        slots = Integer.highestOneBit((ringPages * PAGE - 64) / SLOT);
        reqCons = 0;
        rspProdPvt = 0;
        int guestPort = Integer.parseInt(store.readString(front + "/event-channel"));
        port = events.bindInterdomain(guest, guestPort, p -> worker.execute(this::serve));
        store.write(back + "/sectors", Integer.toString(disk.length / Blkif.SECTOR_SIZE));
        store.write(back + "/sector-size", "512");
        store.write(back + "/info", "0");
        store.write(back + "/feature-flush-cache", offer.flush() ? "1" : "0");
        store.write(back + "/feature-discard", offer.discard() ? "1" : "0");
        store.write(back + "/feature-barrier", "0");
        setState(4);
    }

    private void disconnect() {
        if (port >= 0) {
            events.close(port);
            port = -1;
        }
        for (GrantMapping m : ringMaps) {
            grants.unmap(m);
        }
        ringMaps.clear();
    }

    // ---------------------------------------------------------------- ring access

    private MemorySegment page(long off) {
        return ringMaps.get((int) (off / PAGE)).segment();
    }

    private int header(int field) {
        return (int) INT.getVolatile(ringMaps.get(0).segment(), (long) field);
    }

    private void setHeader(int field, int v) {
        INT.setVolatile(ringMaps.get(0).segment(), (long) field, v);
    }

    private ByteBuffer copySlot(int idx) {
        byte[] b = new byte[SLOT];
        long base = 64L + (long) (idx & (slots - 1)) * SLOT;
        for (int i = 0; i < SLOT; i++) {
            long o = base + i;
            b[i] = page(o).get(ValueLayout.JAVA_BYTE, o % PAGE);
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void putSlot(int idx, byte[] b) {
        long base = 64L + (long) (idx & (slots - 1)) * SLOT;
        for (int i = 0; i < b.length; i++) {
            long o = base + i;
            page(o).set(ValueLayout.JAVA_BYTE, o % PAGE, b[i]);
        }
    }

    /** Consumes all requests, answers them, notifies per the event-index rule (facts §4.4, §4.5). */
    private void serve() {
        if (ringMaps.isEmpty()) {
            return;
        }
        int oldRsp = rspProdPvt;
        while (true) {
            int prod = header(0);
            if (prod - rspProdPvt > slots) {
                problems.add("req_prod " + prod + " more than a ring ahead of " + rspProdPvt);
                return;
            }
            while (reqCons != prod) {
                ByteBuffer r = copySlot(reqCons++);
                respond(r.getLong(8), r.get(0) & 0xFF, handle(r));
            }
            setHeader(4, reqCons + 1); // req_event
            VarHandle.fullFence();
            if (header(0) == reqCons) {
                break;
            }
        }
        VarHandle.fullFence();
        setHeader(8, rspProdPvt); // rsp_prod
        VarHandle.fullFence();
        int event = header(12);
        if (Integer.compareUnsigned(rspProdPvt - event, rspProdPvt - oldRsp) < 0 && port >= 0) {
            events.send(port);
        }
    }

    private void respond(long id, int op, int status) {
        if (corruptNextResponseId) {
            corruptNextResponseId = false;
            id = 1_000_000;
        }
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, id).put(8, (byte) op).putShort(10, (short) status);
        putSlot(rspProdPvt++, b.array());
    }

    private int handle(ByteBuffer r) {
        int op = r.get(0) & 0xFF;
        try {
            return switch (op) {
                case BlkifOp.READ, BlkifOp.WRITE -> {
                    int n = r.get(1) & 0xFF;
                    if (n < 1 || n > Blkif.MAX_SEGMENTS_PER_REQUEST) {
                        yield problem("direct request with " + n + " segments");
                    }
                    long[] segs = new long[n];
                    for (int i = 0; i < n; i++) {
                        segs[i] = r.getLong(24 + 8 * i);
                    }
                    yield transfer(op, r.getLong(16), segs);
                }
                case BlkifOp.INDIRECT -> {
                    indirect.incrementAndGet();
                    int inner = r.get(1) & 0xFF;
                    int n = r.getShort(2) & 0xFFFF;
                    if (offer.maxIndirectSegments() == 0 || n < 1 || n > offer.maxIndirectSegments()
                            || (inner != BlkifOp.READ && inner != BlkifOp.WRITE)) {
                        yield problem("indirect request op " + inner + " with " + n + " segments");
                    }
                    long[] segs = new long[n];
                    for (int p = 0; p * 512 < n; p++) {
                        GrantMapping m = grants.map(guest, r.getInt(28 + 4 * p), true);
                        try {
                            for (int i = p * 512; i < Math.min(n, p * 512 + 512); i++) {
                                segs[i] = m.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, (i - p * 512) * 8L);
                            }
                        } finally {
                            grants.unmap(m);
                        }
                    }
                    yield transfer(inner, r.getLong(16), segs);
                }
                case BlkifOp.FLUSH_DISKCACHE -> {
                    flushes.incrementAndGet();
                    yield offer.flush() ? BlkifRsp.OKAY : BlkifRsp.EOPNOTSUPP;
                }
                case BlkifOp.DISCARD -> {
                    discards.incrementAndGet();
                    long sector = r.getLong(16);
                    long count = r.getLong(24);
                    if (!offer.discard() || sector < 0 || count < 1 || sector + count > disk.length / 512) {
                        yield problem("discard " + sector + "+" + count);
                    }
                    java.util.Arrays.fill(disk, (int) (sector * 512), (int) ((sector + count) * 512), (byte) 0);
                    yield BlkifRsp.OKAY;
                }
                default -> problem("operation " + op);
            };
        } catch (RuntimeException e) {
            return problem("request op " + op + ": " + e);
        }
    }

    private int problem(String what) {
        problems.add(what);
        return BlkifRsp.ERROR;
    }

    private int transfer(int op, long sector, long[] segs) {
        maxSegments.accumulateAndGet(segs.length, Math::max);
        (op == BlkifOp.READ ? reads : writes).incrementAndGet();
        long pos = sector * 512;
        for (long s : segs) {
            int ref = (int) s;
            int first = (int) (s >>> 32) & 0xFF;
            int last = (int) (s >>> 40) & 0xFF;
            if (first > last || last > 7) {
                return problem("segment sectors " + first + ".." + last);
            }
            int len = (last - first + 1) * 512;
            if (pos < 0 || pos + len > disk.length) {
                return problem("transfer beyond the disk at byte " + pos);
            }
            GrantMapping m = grants.map(guest, ref, op == BlkifOp.WRITE);
            try {
                MemorySegment data = m.segment().asSlice(first * 512L, len);
                if (op == BlkifOp.WRITE) {
                    long stale = offer.staleSector() * 512;
                    byte[] keep = null;
                    if (stale >= pos && stale < pos + len && staleSectorWritten) {
                        keep = java.util.Arrays.copyOfRange(disk, (int) stale, (int) stale + 512);
                    }
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, disk, (int) pos, len);
                    if (keep != null) {
                        System.arraycopy(keep, 0, disk, (int) stale, 512); // the write is "lost"
                    } else if (stale >= pos && stale < pos + len) {
                        staleSectorWritten = true;
                    }
                } else {
                    MemorySegment.copy(disk, (int) pos, data, ValueLayout.JAVA_BYTE, 0, len);
                }
            } finally {
                grants.unmap(m);
            }
            pos += len;
        }
        return BlkifRsp.OKAY;
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        stateWatcher.interrupt();
        stateWatcher.join(5_000);
        worker.submit(this::disconnect).get();
        worker.shutdownNow();
    }
}
