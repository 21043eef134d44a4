package org.paravane.core.blkfront;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** Copies between a scatter list (one logical byte range) and a page. */
final class Buffers {

    private Buffers() {
    }

    static long total(List<MemorySegment> buffers) {
        long n = 0;
        for (MemorySegment b : buffers) {
            n += b.byteSize();
        }
        return n;
    }

    /**
     * Copies {@code len} bytes at logical offset {@code offset} of {@code buffers} to
     * ({@code toPage}) or from {@code page} at {@code pageOffset}.
     */
    static void copy(List<MemorySegment> buffers, long offset, MemorySegment page, long pageOffset, long len,
            boolean toPage) {
        long skip = offset;
        long done = 0;
        for (MemorySegment b : buffers) {
            if (done == len) {
                return;
            }
            if (skip >= b.byteSize()) {
                skip -= b.byteSize();
                continue;
            }
            long n = Math.min(b.byteSize() - skip, len - done);
            if (toPage) {
                MemorySegment.copy(b, skip, page, pageOffset + done, n);
            } else {
                MemorySegment.copy(page, pageOffset + done, b, skip, n);
            }
            done += n;
            skip = 0;
        }
        if (done != len) {
            throw new IllegalArgumentException("buffers hold " + total(buffers) + " bytes, need " + (offset + len));
        }
    }
}
