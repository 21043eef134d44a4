package org.paravane.core.blkback;

import java.util.ArrayList;
import java.util.List;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdMetrics;

/** Counters of one device; written by its thread, read by anyone. */
final class DeviceMetrics {

    private long requests;
    private long errors;
    private long parked;
    private long notifications;
    private long lastCompletion;
    private final List<SwapRecord> swaps = new ArrayList<>();
    // the swap in progress: suspended, maybe resumed, waiting for its first completion
    private long openSuspended;
    private long openResumed;
    private long openLastBefore;
    private int openParked;
    private boolean open;

    /** Counts a response; returns the swap it closes (the first completion after a resume), or null. */
    synchronized SwapRecord completed(boolean error, long now) {
        requests++;
        if (error) {
            errors++;
        }
        lastCompletion = now;
        if (open && openResumed != 0) {
            SwapRecord r = new SwapRecord(openSuspended, openResumed, openLastBefore, now, openParked);
            swaps.add(r);
            open = false;
            return r;
        }
        if (open) {
            // a request drained on the old backend (make-before-break): the frontend got this
            // answer, so its gap without answers starts here, not at the drain's start
            openLastBefore = now;
        }
        return null;
    }

    synchronized void notified() {
        notifications++;
    }

    synchronized long notifications() {
        return notifications;
    }

    synchronized void suspended(long now, int parkedNow) {
        if (open) { // suspended again before a completion (or after a drain): keep the first start
            parked += Math.max(0, parkedNow - openParked);
            openParked = Math.max(openParked, parkedNow);
            openResumed = 0;
            return;
        }
        open = true;
        openSuspended = now;
        openResumed = 0;
        openLastBefore = lastCompletion;
        openParked = parkedNow;
        parked += parkedNow;
    }

    synchronized void resumed(long now) {
        if (open) {
            openResumed = now;
        }
    }

    synchronized VbdMetrics snapshot() {
        List<SwapRecord> all = new ArrayList<>(swaps);
        if (open && openResumed != 0) {
            all.add(new SwapRecord(openSuspended, openResumed, openLastBefore, 0, openParked));
        }
        return new VbdMetrics(requests, errors, parked, all);
    }
}
