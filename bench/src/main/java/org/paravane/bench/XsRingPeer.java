package org.paravane.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.paravane.core.xenstore.RingTransport;
import org.paravane.core.xenstore.XenStoreDaemon;

/**
 * The guest side of a xenstore ring page (xen-abi-facts §8.8) played by Java on a real 4 KiB
 * off-heap segment, for the ring benchmark: requests are written into req[] with the
 * free-running indices a guest uses, {@link RingTransport#kick()} stands for the event channel
 * send, and replies are read back from rsp[]. The "event" is a direct call on the same thread,
 * so the figure is the daemon plus ring cost without a hypervisor event or thread hop.
 */
final class XsRingPeer implements AutoCloseable {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment page = arena.allocate(4096, 4096);
    private final RingTransport ring;
    private final ByteBuffer msg = ByteBuffer.allocate(4096 + 16).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] header = new byte[16];
    private final byte[] reply = new byte[4096];
    private int reqId;
    int lastType;
    int lastLen;

    XsRingPeer(XenStoreDaemon daemon, int domid) {
        ring = new RingTransport(page, daemon, domid, () -> { }, () -> { });
    }

    /** Writes one request into req[] (the caller makes sure it fits: at most 1024 bytes queued). */
    void queue(int type, int tx, byte[] payload) throws IOException {
        msg.clear();
        msg.putInt(type).putInt(++reqId).putInt(tx).putInt(payload.length).put(payload);
        int n = msg.position();
        int cons = page.get(U32, RingTransport.REQ_CONS);
        int prod = page.get(U32, RingTransport.REQ_PROD);
        if (prod - cons + n > RingTransport.RING_SIZE) {
            throw new IOException("request ring full");
        }
        byte[] a = msg.array();
        for (int i = 0; i < n; i++) {
            int off = (prod + i) & (RingTransport.RING_SIZE - 1);
            page.set(ValueLayout.JAVA_BYTE, RingTransport.REQ + off, a[i]);
        }
        VarHandle.releaseFence();
        page.set(U32, RingTransport.REQ_PROD, prod + n);
    }

    /** The event channel send: the server consumes requests and produces replies. */
    void kick() {
        ring.kick();
    }

    /** Reads one reply from rsp[]; fails if the ring is empty or the type is unexpected. */
    void expect(int type) throws IOException {
        read(header, 16);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        lastType = h.getInt(0);
        lastLen = h.getInt(12);
        read(reply, lastLen);
        if (lastType != type) {
            throw new IOException("expected reply type " + type + ", got " + lastType + ": "
                    + new String(reply, 0, lastLen, StandardCharsets.US_ASCII));
        }
    }

    String lastText() {
        int n = lastLen > 0 && reply[lastLen - 1] == 0 ? lastLen - 1 : lastLen;
        return new String(reply, 0, n, StandardCharsets.US_ASCII);
    }

    private void read(byte[] into, int n) throws IOException {
        int cons = page.get(U32, RingTransport.RSP_CONS);
        int prod = page.get(U32, RingTransport.RSP_PROD);
        VarHandle.acquireFence();
        if (prod - cons < n) {
            throw new IOException("response ring holds " + (prod - cons) + " bytes, wanted " + n);
        }
        for (int i = 0; i < n; i++) {
            into[i] = page.get(ValueLayout.JAVA_BYTE, RingTransport.RSP + ((cons + i) & (RingTransport.RING_SIZE - 1)));
        }
        VarHandle.releaseFence();
        page.set(U32, RingTransport.RSP_CONS, cons + n);
    }

    @Override
    public void close() {
        ring.close();
        arena.close();
    }
}
