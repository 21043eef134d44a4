package org.paravane.api.blk;

/**
 * Optional capabilities of an open disk, advertised to the frontend (blkif {@code
 * feature-flush-cache}, {@code feature-barrier}, {@code feature-discard}).
 */
public enum BlockFeature {
    /** {@link BlockDisk#flush()} makes every completed write durable. */
    FLUSH,
    /**
     * Operations take effect in submission order, so a flush submitted after writes also
     * orders them (blkif write barrier).
     */
    BARRIER,
    /** {@link BlockDisk#discard(long, long)} releases storage; discarded sectors read back as zeros. */
    DISCARD
}
