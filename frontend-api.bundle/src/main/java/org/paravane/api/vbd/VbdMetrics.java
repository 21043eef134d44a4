package org.paravane.api.vbd;

import java.util.List;

/**
 * Counters of one device since it was attached.
 *
 * @param requests  requests answered
 * @param errors    requests answered with BLKIF_RSP_ERROR or BLKIF_RSP_EOPNOTSUPP
 * @param parked    requests parked by suspensions (each is replayed once)
 * @param swaps     one entry per completed suspend/resume, oldest first
 */
public record VbdMetrics(long requests, long errors, long parked, List<SwapRecord> swaps) {

    /** Copies the list. */
    public VbdMetrics {
        swaps = List.copyOf(swaps);
    }
}
