package org.paravane.api.vbd;

/**
 * One backend swap of a device. Times are {@link System#nanoTime()} values; a completion
 * time is 0 when there was none.
 *
 * @param suspendedNanos            when the backend went away
 * @param resumedNanos              when a replacement was bound and the storage reopened
 * @param lastCompletionBeforeNanos the last response pushed before the suspension
 * @param firstCompletionAfterNanos the first response pushed after the resume
 * @param parkedRequests            requests parked and replayed
 */
public record SwapRecord(long suspendedNanos, long resumedNanos, long lastCompletionBeforeNanos,
        long firstCompletionAfterNanos, int parkedRequests) {

    /**
     * The blackout the frontend saw: last completion before to first completion after, or
     * -1 when there were no completions on one side.
     */
    public long blackoutNanos() {
        if (lastCompletionBeforeNanos == 0 || firstCompletionAfterNanos == 0) {
            return -1;
        }
        return firstCompletionAfterNanos - lastCompletionBeforeNanos;
    }
}
