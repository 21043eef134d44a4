package org.paravane.core.blkif;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.paravane.api.abi.BlkifRequestLayout;
import org.paravane.api.abi.BlkifResponseLayout;
import org.paravane.api.abi.SringHeaderLayout;

/**
 * The backend's end of a blkif ring (facts §4.2-4.5): private {@code req_cons} and
 * {@code rsp_prod_pvt}, the single copy of each request, responses, push-and-check-notify
 * and the final check. Not thread-safe: one device thread drives it.
 */
public final class BackRing {

    private final RingPages ring;
    private final int size;
    private final MemorySegment response = Arena.ofAuto().allocate(BlkifResponseLayout.SIZEOF, 8);
    private int reqCons;
    private int rspProdPvt;
    private int rspPushed;

    /** Attaches to a ring the frontend initialised; the backend writes nothing (§4.1). */
    public BackRing(RingPages ring) {
        this.ring = ring;
        this.size = ring.slots();
        // Attach at the shared response index (§4.2: "either side may attach with a non-zero index").
        this.rspProdPvt = ring.index(SringHeaderLayout.RSP_PROD);
        this.reqCons = rspProdPvt;
        this.rspPushed = rspProdPvt;
    }

    /** The number of slots. */
    public int size() {
        return size;
    }

    /**
     * True when the frontend has published more requests than the ring can hold
     * ({@code req_prod − rsp_prod_pvt > size}, §4.3): a broken or malicious frontend.
     */
    public boolean overflowed() {
        int reqProd = ring.index(SringHeaderLayout.REQ_PROD);
        return Integer.compareUnsigned(reqProd - rspProdPvt, size) > 0;
    }

    /** Requests published and not consumed, capped so a malicious producer cannot run ahead (§4.3). */
    public int unconsumed() {
        int reqProd = ring.index(SringHeaderLayout.REQ_PROD);
        int avail = reqProd - reqCons;
        int room = size - (reqCons - rspProdPvt);
        return Math.max(0, Math.min(avail, room));
    }

    /** Copies the next request into {@code dst} (112 bytes) once and consumes it. */
    public void takeRequest(MemorySegment dst) {
        ring.readSlot(reqCons, dst, BlkifRequestLayout.SIZEOF);
        reqCons++;
    }

    /**
     * The final check of §4.5: set {@code req_event = req_cons + 1}, fence, look again.
     *
     * @return true when requests arrived meanwhile (keep working)
     */
    public boolean finalCheckForRequests() {
        if (unconsumed() > 0) {
            return true;
        }
        ring.setIndex(SringHeaderLayout.REQ_EVENT, reqCons + 1);
        RingPages.fullFence();
        return unconsumed() > 0;
    }

    /** Writes one response at {@code rsp_prod_pvt} (not yet visible to the frontend). */
    public void putResponse(long id, int operation, int status) {
        response.fill((byte) 0);
        response.set(ValueLayout.JAVA_LONG_UNALIGNED, BlkifResponseLayout.ID, id);
        response.set(ValueLayout.JAVA_BYTE, BlkifResponseLayout.OPERATION, (byte) operation);
        response.set(ValueLayout.JAVA_SHORT_UNALIGNED, BlkifResponseLayout.STATUS, (short) status);
        ring.writeSlot(rspProdPvt, response, BlkifResponseLayout.SIZEOF);
        rspProdPvt++;
    }

    /** Responses written and not yet pushed. */
    public boolean hasUnpushed() {
        return rspPushed != rspProdPvt;
    }

    /**
     * Publishes the responses written so far (§4.4).
     *
     * @return true when the frontend must be notified
     */
    public boolean pushResponses() {
        int old = rspPushed;
        int now = rspProdPvt;
        if (old == now) {
            return false;
        }
        ring.setIndex(SringHeaderLayout.RSP_PROD, now);
        rspPushed = now;
        RingPages.fullFence();
        int event = ring.index(SringHeaderLayout.RSP_EVENT);
        return Integer.compareUnsigned(now - event, now - old) < 0;
    }

    /** Requests consumed and not yet answered. */
    public int outstanding() {
        return reqCons - rspProdPvt;
    }
}
