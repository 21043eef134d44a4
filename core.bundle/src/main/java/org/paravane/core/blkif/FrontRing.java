package org.paravane.core.blkif;

import java.lang.foreign.MemorySegment;
import org.paravane.api.abi.BlkifResponseLayout;
import org.paravane.api.abi.SringHeaderLayout;

/**
 * The frontend's end of a blkif ring (facts §4.2-4.5): initialises the page, writes requests
 * at {@code req_prod_pvt}, pushes with check-notify, and reads responses with the final check
 * on {@code rsp_event}. Not thread-safe: the caller serialises.
 */
public final class FrontRing {

    private final RingPages ring;
    private final int size;
    private int reqProdPvt;
    private int rspCons;

    /** Initialises {@code ring} (front side only, §4.1). */
    public FrontRing(RingPages ring) {
        this.ring = ring;
        this.size = ring.slots();
        ring.initialise();
    }

    /** The number of slots. */
    public int size() {
        return size;
    }

    /** Free request slots: {@code size − (req_prod_pvt − rsp_cons)} (§4.3). */
    public int free() {
        return size - (reqProdPvt - rspCons);
    }

    /** Writes a request (up to 112 bytes) into the next slot; not visible until {@link #pushRequests}. */
    public void putRequest(MemorySegment request, int len) {
        if (free() <= 0) {
            throw new IllegalStateException("blkif ring full");
        }
        ring.writeSlot(reqProdPvt, request, len);
        reqProdPvt++;
    }

    /**
     * Publishes the requests written so far (§4.4).
     *
     * @return true when the backend must be notified
     */
    public boolean pushRequests() {
        int old = ring.index(SringHeaderLayout.REQ_PROD);
        int now = reqProdPvt;
        ring.setIndex(SringHeaderLayout.REQ_PROD, now);
        RingPages.fullFence();
        int event = ring.index(SringHeaderLayout.REQ_EVENT);
        return Integer.compareUnsigned(now - event, now - old) < 0;
    }

    /** Responses published and not read. */
    public int unconsumedResponses() {
        return ring.index(SringHeaderLayout.RSP_PROD) - rspCons;
    }

    /**
     * True when the backend claims more responses than requests are outstanding
     * ({@code rsp_prod − rsp_cons > size}, §4.3): a broken backend.
     */
    public boolean overflowed() {
        return Integer.compareUnsigned(ring.index(SringHeaderLayout.RSP_PROD) - rspCons, size) > 0;
    }

    /** Copies the next response (16 bytes) into {@code dst} and consumes it. */
    public void takeResponse(MemorySegment dst) {
        ring.readSlot(rspCons, dst, BlkifResponseLayout.SIZEOF);
        rspCons++;
    }

    /** The final check of §4.5 on {@code rsp_event}; true when responses arrived meanwhile. */
    public boolean finalCheckForResponses() {
        if (unconsumedResponses() > 0) {
            return true;
        }
        ring.setIndex(SringHeaderLayout.RSP_EVENT, rspCons + 1);
        RingPages.fullFence();
        return unconsumedResponses() > 0;
    }

    /** The raw ring (tests use it to act as a malicious frontend). */
    public RingPages pages() {
        return ring;
    }

    /** The private producer index. */
    public int reqProdPvt() {
        return reqProdPvt;
    }
}
