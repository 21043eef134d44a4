package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.abi.BlkifRequestLayout;
import org.paravane.api.abi.BlkifResponseLayout;
import org.paravane.api.abi.BlkifSegmentLayout;
import org.paravane.api.abi.SringHeaderLayout;
import org.paravane.api.xenbus.XenbusState;
import org.paravane.core.blkif.FrontRing;
import org.paravane.core.blkif.RingPages;
import org.paravane.core.xenbus.XenbusFrontend;

/**
 * A frontend written byte by byte, for tests that need requests a correct blkfront never
 * sends. Its event port stays masked: a notification from the backend only sets the pending
 * bit, so tests count them exactly.
 */
final class RawFront {

    record Response(long id, int op, int status) {
    }

    final BlkRig rig;
    final XenbusFrontend end;
    final Arena arena = Arena.ofShared();
    final FrontRing ring;
    final int port;
    final MemorySegment req = arena.allocate(BlkifRequestLayout.SIZEOF, 8);
    final MemorySegment rsp = arena.allocate(BlkifResponseLayout.SIZEOF, 8);
    final List<MemorySegment> pages = new ArrayList<>();
    final List<Integer> refs = new ArrayList<>();

    RawFront(BlkRig rig, int devid, int order) throws Exception {
        this.rig = rig;
        end = XenbusFrontend.attach(rig.store, "/local/domain/0/device/vbd/" + devid);
        BlkRig.await(() -> end.peerState() == XenbusState.INIT_WAIT, "backend InitWait");
        List<MemorySegment> ringPages = new ArrayList<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < (1 << order); i++) {
            MemorySegment p = arena.allocate(4096, 4096);
            ringPages.add(p);
            int ref = rig.manager.localGrants().grant(p, false);
            keys.put(order == 0 ? "ring-ref" : "ring-ref" + i, Integer.toString(ref));
        }
        if (order > 0) {
            keys.put("ring-page-order", Integer.toString(order));
        }
        ring = new FrontRing(new RingPages(ringPages));
        port = rig.events.allocUnbound(0, null);
        keys.put("event-channel", Integer.toString(port));
        keys.put("protocol", "riscv64-abi");
        end.publishAndInitialise(keys);
        BlkRig.await(() -> end.peerState() == XenbusState.CONNECTED, "backend Connected");
        end.switchState(XenbusState.CONNECTED);
    }

    /** A data page granted to the backend; returns its index in {@link #pages}. */
    int page(boolean readonly) {
        MemorySegment p = arena.allocate(4096, 4096);
        pages.add(p);
        refs.add(rig.manager.localGrants().grant(p, readonly));
        return pages.size() - 1;
    }

    /** A fresh request buffer with op, nr_segments, id and sector set. */
    MemorySegment request(int op, int nrSegments, long id, long sector) {
        req.fill((byte) 0);
        req.set(ValueLayout.JAVA_BYTE, BlkifRequestLayout.OPERATION, (byte) op);
        req.set(ValueLayout.JAVA_BYTE, BlkifRequestLayout.NR_SEGMENTS, (byte) nrSegments);
        req.set(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestLayout.ID, id);
        req.set(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestLayout.SECTOR_NUMBER, sector);
        return req;
    }

    /** Sets segment {@code i} of {@code base} (the request or an indirect page at offset 0). */
    static void segment(MemorySegment base, long offset, int i, int gref, int first, int last) {
        long o = offset + (long) i * BlkifSegmentLayout.SIZEOF;
        base.set(ValueLayout.JAVA_INT_UNALIGNED, o + BlkifSegmentLayout.GREF, gref);
        base.set(ValueLayout.JAVA_BYTE, o + BlkifSegmentLayout.FIRST_SECT, (byte) first);
        base.set(ValueLayout.JAVA_BYTE, o + BlkifSegmentLayout.LAST_SECT, (byte) last);
    }

    /** Queues the current request buffer. */
    void put() {
        ring.putRequest(req, BlkifRequestLayout.SIZEOF);
    }

    /** Publishes; notifies the backend when the ring says so. Returns whether it notified. */
    boolean push() {
        boolean notify = ring.pushRequests();
        if (notify) {
            rig.events.send(port);
        }
        return notify;
    }

    /** Waits for {@code n} responses and takes them. */
    List<Response> take(int n) throws InterruptedException {
        BlkRig.await(() -> ring.unconsumedResponses() >= n, n + " responses");
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ring.takeResponse(rsp);
            out.add(new Response(rsp.get(ValueLayout.JAVA_LONG_UNALIGNED, BlkifResponseLayout.ID),
                    Byte.toUnsignedInt(rsp.get(ValueLayout.JAVA_BYTE, BlkifResponseLayout.OPERATION)),
                    rsp.get(ValueLayout.JAVA_SHORT_UNALIGNED, BlkifResponseLayout.STATUS)));
        }
        return out;
    }

    /** One request, pushed, and its response. */
    Response roundTrip() throws InterruptedException {
        put();
        push();
        Response r = take(1).get(0);
        ring.finalCheckForResponses();
        return r;
    }

    /** Sets the shared rsp_event (to suppress or request notifications). */
    void rspEvent(int value) {
        ring.pages().setIndex(SringHeaderLayout.RSP_EVENT, value);
    }

    void reqProd(int value) {
        ring.pages().setIndex(SringHeaderLayout.REQ_PROD, value);
    }

    int rspProd() {
        return ring.pages().index(SringHeaderLayout.RSP_PROD);
    }

    static void fail0(String s) {
        fail(s);
    }
}
