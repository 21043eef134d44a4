package org.paravane.core.blkback;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.paravane.api.abi.BlkifOp;
import org.paravane.core.blkif.FrontendMemory.MappedPage;

/**
 * A checked request whose pages are mapped, from the moment it is taken off the ring until its
 * response is written and no disk operation for it is still running. It survives a suspension
 * (parked, pages still mapped) and is replayed from the start.
 */
final class Pending {

    final long seq;
    final long id;
    /** The operation byte echoed in the response (INDIRECT stays INDIRECT). */
    final int responseOp;
    /** What is done: READ, WRITE, WRITE_BARRIER, FLUSH_DISKCACHE or DISCARD. */
    final int op;
    /** Start in disk sectors. */
    final long diskSector;
    /** DISCARD: count in disk sectors. */
    final long diskCount;
    final List<MappedPage> pages;
    final List<MemorySegment> buffers;
    /** WRITE_BARRIER: 0 = data write next, 1 = flush next. */
    int phase;
    /** System.nanoTime() of the last disk operation started for it (the watchdog's clock). */
    long issuedNanos;
    /**
     * Disk operations started for it that have not ended, of any generation: one parked in a
     * disk that was given up still owns the pages, so they stay mapped (the grants pinned)
     * until it ends, even after the response (device lock).
     */
    int attempts;
    /** Its response was written; the pages are unmapped once {@link #attempts} is 0 (device lock). */
    boolean answered;

    Pending(long seq, long id, int responseOp, int op, long diskSector, long diskCount, List<MappedPage> pages,
            List<MemorySegment> buffers) {
        this.seq = seq;
        this.id = id;
        this.responseOp = responseOp;
        this.op = op;
        this.diskSector = diskSector;
        this.diskCount = diskCount;
        this.pages = pages;
        this.buffers = buffers;
    }

    boolean barrier() {
        return op == BlkifOp.WRITE_BARRIER;
    }
}
