package org.paravane.core.xenstore;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The guest transport: the server side of one {@code xenstore_domain_interface} page
 * (xen-abi-facts §8.8) — a 1024-byte request ring and a 1024-byte response ring of free-running
 * u32 indices, followed by server_features, connection, error and evtchn_port.
 *
 * <p>The guest owns req_prod and rsp_cons; the server owns req_cons and rsp_prod. Each index
 * the guest controls is read once into a local before it is checked (no double fetch); a
 * state with {@code prod - cons > 1024} sets {@code error} = 2 and stops the ring, a message
 * announcing more than 4096 bytes sets {@code error} = 3. Nothing the guest writes can throw
 * out of this class. Call {@link #kick()} when the guest's event channel fires and
 * {@link #flush()} when the connection has output (its listener).
 */
public final class RingTransport {

    /** Size of each ring. */
    public static final int RING_SIZE = 1024;
    /** Offset of req[]. */
    public static final long REQ = 0;
    /** Offset of rsp[]. */
    public static final long RSP = 1024;
    /** Offset of req_cons. */
    public static final long REQ_CONS = 2048;
    /** Offset of req_prod. */
    public static final long REQ_PROD = 2052;
    /** Offset of rsp_cons. */
    public static final long RSP_CONS = 2056;
    /** Offset of rsp_prod. */
    public static final long RSP_PROD = 2060;
    /** Offset of server_features. */
    public static final long SERVER_FEATURES = 2064;
    /** Offset of connection. */
    public static final long CONNECTION = 2068;
    /** Offset of error. */
    public static final long ERROR = 2072;
    /** Offset of evtchn_port. */
    public static final long EVTCHN_PORT = 2076;

    /** Feature bit: reconnection. */
    public static final int FEATURE_RECONNECTION = 1;
    /** Feature bit: error field. */
    public static final int FEATURE_ERROR = 2;
    /** Error: bad ring index. */
    public static final int ERROR_INDEX = 2;
    /** Error: protocol violation (payload too long). */
    public static final int ERROR_PROTOCOL = 3;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment page;
    private final XenStoreDaemon daemon;
    private final Connection conn;
    private final Notifier notifier;
    private final FrameDecoder decoder = new FrameDecoder();
    private byte[] sending;
    private int sendingOff;
    private boolean failed;

    /**
     * Attaches to a 4 KiB page for domain {@code domid}. Advertises reconnection and the
     * error field in server_features (bits are only ever set, §8.8).
     *
     * @param outputPending called (under the daemon's lock, so it must only schedule, never
     *                      call {@link #flush()} itself) when replies or events are queued
     */
    public RingTransport(MemorySegment page, XenStoreDaemon daemon, int domid, Notifier notifier,
                         Runnable outputPending) {
        if (page.byteSize() < 4096) {
            throw new IllegalArgumentException("xenstore ring page must be 4096 bytes, got " + page.byteSize());
        }
        this.page = page;
        this.daemon = daemon;
        this.notifier = notifier;
        this.conn = daemon.connect(domid, c -> outputPending.run());
        int features = page.get(U32, SERVER_FEATURES);
        page.set(U32, SERVER_FEATURES, features | FEATURE_RECONNECTION | FEATURE_ERROR);
    }

    /** The daemon connection of this guest. */
    public Connection connection() {
        return conn;
    }

    /** True once the ring was stopped for a protocol error. */
    public boolean failed() {
        return failed;
    }

    /**
     * Handles an event from the guest: a reconnect request, new requests, freed response
     * space. Synchronized so event and output wake-ups can come from different threads.
     */
    public synchronized void kick() {
        if (failed || conn.isClosed()) {
            return;
        }
        VarHandle.acquireFence();
        if (page.get(U32, CONNECTION) == 1) {
            reconnect();
            return;
        }
        boolean moved = false;
        // Alternate until neither ring moves: sending replies frees queue slots, which lets
        // more requests in, whose replies may fit in the space left.
        while (true) {
            boolean step = consumeRequests();
            step |= produceResponses();
            if (!step || failed) {
                break;
            }
            moved = true;
        }
        if (moved || failed) {
            notifier.notifyPeer();
        }
    }

    /** Pushes queued replies and events into the response ring. */
    public synchronized void flush() {
        if (failed || conn.isClosed()) {
            return;
        }
        if (produceResponses()) {
            notifier.notifyPeer();
        }
    }

    private boolean consumeRequests() {
        boolean moved = false;
        while (conn.acceptingRequests()) {
            int cons = page.get(U32, REQ_CONS);
            int prod = page.get(U32, REQ_PROD); // read once; only the local copy is used
            VarHandle.acquireFence();
            int avail = prod - cons;
            if (Integer.compareUnsigned(avail, RING_SIZE) > 0) {
                fail(ERROR_INDEX);
                return moved;
            }
            if (avail == 0) {
                return moved;
            }
            // Copy out at most to the end of the current message and to the ring's wrap point.
            int off = cons & (RING_SIZE - 1);
            int n = Math.min(Math.min(avail, RING_SIZE - off), decoder.wanted());
            byte[] chunk = new byte[n];
            MemorySegment.copy(page, ValueLayout.JAVA_BYTE, REQ + off, chunk, 0, n);
            VarHandle.releaseFence();
            page.set(U32, REQ_CONS, cons + n);
            moved = true;
            XsMessage m;
            try {
                m = decoder.feed(ByteBuffer.wrap(chunk));
            } catch (FrameDecoder.ProtocolViolation e) {
                fail(ERROR_PROTOCOL);
                return moved;
            }
            if (m != null) {
                daemon.handle(conn, m);
            }
        }
        return moved;
    }

    private boolean produceResponses() {
        boolean moved = false;
        while (true) {
            if (sending == null) {
                sending = conn.poll();
                sendingOff = 0;
                if (sending == null) {
                    return moved;
                }
            }
            int cons = page.get(U32, RSP_CONS); // guest-owned: read once
            int prod = page.get(U32, RSP_PROD);
            VarHandle.acquireFence();
            int used = prod - cons;
            if (Integer.compareUnsigned(used, RING_SIZE) > 0) {
                fail(ERROR_INDEX);
                return moved;
            }
            int space = RING_SIZE - used;
            if (space == 0) {
                return moved;
            }
            int off = prod & (RING_SIZE - 1);
            int n = Math.min(Math.min(space, RING_SIZE - off), sending.length - sendingOff);
            MemorySegment.copy(sending, sendingOff, page, ValueLayout.JAVA_BYTE, RSP + off, n);
            VarHandle.releaseFence(); // data before index
            page.set(U32, RSP_PROD, prod + n);
            moved = true;
            sendingOff += n;
            if (sendingOff == sending.length) {
                sending = null;
            }
        }
    }

    /**
     * Reconnect (§8.8): drop partial packets, empty both rings, discard in-flight requests,
     * watches and transactions, then clear {@code connection} and notify.
     */
    private void reconnect() {
        decoder.reset();
        sending = null;
        daemon.resetConnection(conn);
        int reqProd = page.get(U32, REQ_PROD);
        page.set(U32, REQ_CONS, reqProd);
        int rspCons = page.get(U32, RSP_CONS);
        page.set(U32, RSP_PROD, rspCons);
        VarHandle.releaseFence();
        page.set(U32, CONNECTION, 0);
        notifier.notifyPeer();
    }

    private void fail(int code) {
        failed = true;
        page.set(U32, ERROR, code);
        VarHandle.releaseFence();
        notifier.notifyPeer();
    }

    /** Detaches from the daemon. */
    public synchronized void close() {
        daemon.disconnect(conn);
    }
}
