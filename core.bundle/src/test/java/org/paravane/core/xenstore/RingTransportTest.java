package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The xenstore ring page (§8.8) driven by a simulated guest on a real 4 KiB segment. */
class RingTransportTest {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    Arena arena;
    MemorySegment page;
    XenStoreDaemon daemon;
    RingTransport ring;
    final AtomicInteger kicks = new AtomicInteger();
    final AtomicInteger outputPending = new AtomicInteger();
    final FrameDecoder guestDecoder = new FrameDecoder();

    @BeforeEach
    void setUp() throws Exception {
        arena = Arena.ofConfined();
        page = arena.allocate(4096, 4096);
        daemon = new XenStoreDaemon(Quotas.defaults());
        try (LocalXenStore local = new LocalXenStore(daemon)) {
            Dom0Layout.populate(local);
            Dom0Layout.createDomainHome(local, 3, "ringguest");
        }
        ring = new RingTransport(page, daemon, 3, kicks::incrementAndGet, outputPending::incrementAndGet);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    /** Guest side: append bytes to the request ring (wrapping). */
    private void guestSend(byte[] bytes) {
        int prod = page.get(U32, RingTransport.REQ_PROD);
        for (byte b : bytes) {
            page.set(ValueLayout.JAVA_BYTE, RingTransport.REQ + (prod & 1023), b);
            prod++;
        }
        page.set(U32, RingTransport.REQ_PROD, prod);
    }

    /** Guest side: take everything from the response ring, decoded. */
    private List<XsMessage> guestReceive() throws Exception {
        List<XsMessage> out = new ArrayList<>();
        int cons = page.get(U32, RingTransport.RSP_CONS);
        int prod = page.get(U32, RingTransport.RSP_PROD);
        while (cons != prod) {
            byte b = page.get(ValueLayout.JAVA_BYTE, RingTransport.RSP + (cons & 1023));
            cons++;
            XsMessage m = guestDecoder.feed(ByteBuffer.wrap(new byte[] {b}));
            if (m != null) {
                out.add(m);
            }
        }
        page.set(U32, RingTransport.RSP_CONS, cons);
        return out;
    }

    @Test
    void advertisesFeatures() {
        int f = page.get(U32, RingTransport.SERVER_FEATURES);
        assertEquals(RingTransport.FEATURE_RECONNECTION | RingTransport.FEATURE_ERROR, f);
        assertEquals(1024, RingTransport.RSP);
        assertEquals(2076, RingTransport.EVTCHN_PORT);
    }

    @Test
    void requestAndReplyThroughTheRing() throws Exception {
        guestSend(XsMessage.strings(XsType.READ, 9, 0, "name").encode());
        ring.kick();
        List<XsMessage> got = guestReceive();
        assertEquals(1, got.size());
        assertEquals(XsType.READ.number(), got.get(0).type());
        assertEquals(9, got.get(0).reqId());
        assertEquals("ringguest", got.get(0).text());
        assertTrue(kicks.get() > 0, "guest notified");
        assertEquals(page.get(U32, RingTransport.REQ_PROD), page.get(U32, RingTransport.REQ_CONS));
    }

    @Test
    void indicesWrapAroundTwoToThe32() throws Exception {
        for (long off : new long[] {RingTransport.REQ_CONS, RingTransport.REQ_PROD,
                RingTransport.RSP_CONS, RingTransport.RSP_PROD}) {
            page.set(U32, off, -10); // 10 bytes below 2^32: guests must not assume 0
        }
        for (int i = 0; i < 200; i++) {
            guestSend(XsMessage.strings(XsType.WRITE, i, 0, "data/k" + (i % 7), "value-" + i).encode());
            ring.kick();
            List<XsMessage> got = guestReceive();
            assertEquals(1, got.size(), "round " + i);
            assertEquals(XsType.WRITE.number(), got.get(0).type(), got.get(0).text());
        }
        guestSend(XsMessage.strings(XsType.READ, 500, 0, "data/k3").encode());
        ring.kick();
        assertEquals("value-199", guestReceive().get(0).text(), "199 % 7 == 3: the last write to k3");
    }

    @Test
    void largeReplySpansSeveralRingFills() throws Exception {
        LocalXenStore dom0 = new LocalXenStore(daemon);
        dom0.write("/local/domain/3/data/big", "y".repeat(4000));
        guestSend(XsMessage.strings(XsType.READ, 1, 0, "data/big").encode());
        ring.kick();
        List<XsMessage> got = new ArrayList<>(guestReceive());
        int rounds = 0;
        while (got.isEmpty() && rounds++ < 10) {
            ring.kick(); // the guest freed space and notified
            got.addAll(guestReceive());
        }
        assertEquals(4000, got.get(0).payload().length);
        assertTrue(rounds >= 3, "4 KiB through a 1 KiB ring takes several fills");
        dom0.close();
    }

    @Test
    void watchEventsReachTheGuestAfterFlush() throws Exception {
        guestSend(XsMessage.strings(XsType.WATCH, 1, 0, "data", "tok").encode());
        ring.kick();
        List<XsMessage> got = guestReceive();
        assertEquals(2, got.size(), "reply, then initial fire");
        assertEquals(XsType.WATCH_EVENT.number(), got.get(1).type());
        int before = outputPending.get();
        try (LocalXenStore dom0 = new LocalXenStore(daemon)) {
            dom0.write("/local/domain/3/data/x", "1");
        }
        assertTrue(outputPending.get() > before, "transport told output is pending");
        ring.flush();
        List<XsMessage> ev = guestReceive();
        assertEquals(1, ev.size());
        assertEquals(List.of("data/x", "tok"), XsMessage.splitNul(ev.get(0).payload()));
    }

    @Test
    void badRequestIndexSetsErrorAndStops() throws Exception {
        page.set(U32, RingTransport.REQ_PROD, 5000);
        ring.kick();
        assertEquals(RingTransport.ERROR_INDEX, page.get(U32, RingTransport.ERROR));
        assertTrue(ring.failed());
        guestSend(new byte[0]);
        ring.kick();
        assertTrue(guestReceive().isEmpty());
    }

    @Test
    void badResponseIndexSetsError() throws Exception {
        page.set(U32, RingTransport.RSP_CONS, 3000); // guest claims to have consumed unproduced bytes
        guestSend(XsMessage.strings(XsType.READ, 1, 0, "name").encode());
        ring.kick();
        assertEquals(RingTransport.ERROR_INDEX, page.get(U32, RingTransport.ERROR));
    }

    @Test
    void oversizePayloadIsAProtocolError() {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(XsType.WRITE.number()).putInt(1).putInt(0).putInt(5000);
        guestSend(h.array());
        ring.kick();
        assertEquals(RingTransport.ERROR_PROTOCOL, page.get(U32, RingTransport.ERROR));
        assertTrue(ring.failed());
    }

    @Test
    void reconnectDropsPartialsWatchesAndTransactions() throws Exception {
        guestSend(XsMessage.strings(XsType.WATCH, 1, 0, "data", "tok").encode());
        guestSend(XsMessage.strings(XsType.TRANSACTION_START, 2, 0, "").encode());
        ring.kick();
        List<XsMessage> got = guestReceive();
        int tx = Integer.parseInt(got.get(2).text());
        byte[] partial = XsMessage.strings(XsType.WRITE, 3, 0, "data/p", "v").encode();
        guestSend(java.util.Arrays.copyOf(partial, 10));
        ring.kick();
        page.set(U32, RingTransport.CONNECTION, 1);
        ring.kick();
        assertEquals(0, page.get(U32, RingTransport.CONNECTION), "server acknowledged");
        assertEquals(page.get(U32, RingTransport.REQ_PROD), page.get(U32, RingTransport.REQ_CONS));
        try (LocalXenStore dom0 = new LocalXenStore(daemon)) {
            dom0.write("/local/domain/3/data/after", "1");
        }
        ring.flush();
        assertTrue(guestReceive().isEmpty(), "watch gone");
        guestSend(XsMessage.strings(XsType.TRANSACTION_END, 4, tx, "T").encode());
        ring.kick();
        List<XsMessage> end = guestReceive();
        assertEquals(XsType.ERROR.number(), end.get(0).type());
        assertEquals("ENOENT", end.get(0).text(), "transaction gone; partial message dropped");
    }

    @Test
    void guestThatNeverConsumesIsThrottled() throws Exception {
        try (LocalXenStore dom0 = new LocalXenStore(daemon)) {
            dom0.write("/local/domain/3/data/v", "z".repeat(200));
        }
        byte[] req = XsMessage.strings(XsType.READ, 1, 0, "data/v").encode();
        int n = 1024 / req.length; // as many requests as the guest's ring holds
        for (int i = 0; i < n; i++) {
            guestSend(req);
        }
        ring.kick();
        // Four 216-byte replies fill the response ring, twenty more fill the outstanding
        // quota; the remaining requests stay unread in the guest's ring.
        assertFalse(ring.connection().acceptingRequests());
        assertEquals(Quotas.defaults().outstanding(), ring.connection().queuedFrames());
        assertTrue(page.get(U32, RingTransport.REQ_PROD) != page.get(U32, RingTransport.REQ_CONS));
        int served = 0;
        for (int round = 0; round < 100 && served < n; round++) {
            served += guestReceive().size();
            ring.kick();
        }
        assertEquals(n, served, "all answered once the guest reads");
    }

    @Test
    void rejectsSmallSegments() {
        assertThrows(IllegalArgumentException.class,
                () -> new RingTransport(arena.allocate(100), daemon, 4, () -> { }, () -> { }));
    }
}
