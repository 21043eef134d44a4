package org.paravane.core.blkback;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.paravane.api.abi.BlkifOp;
import org.paravane.core.blkif.FrontendMemory.MappedPage;

/**
 * A checked request whose pages are mapped, from the moment it is taken off the ring until its
 * response is written. It survives a suspension (parked, pages still mapped) and is replayed
 * from the start.
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
