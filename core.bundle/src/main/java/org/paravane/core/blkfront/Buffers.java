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

    /**
     * True when every buffer is native memory made of whole, page-aligned pages (and
     * writable when {@code writable}), so each page can be granted as it is.
     */
    static boolean wholePages(List<MemorySegment> buffers, int page, boolean writable) {
        if (buffers.isEmpty()) {
            return false;
        }
        for (MemorySegment b : buffers) {
            if (!b.isNative() || b.address() % page != 0 || b.byteSize() % page != 0 || b.byteSize() == 0
                    || (writable && b.isReadOnly())) {
                return false;
            }
        }
        return true;
    }

    /** The page of {@code page} bytes at logical offset {@code offset} of whole-page buffers. */
    static MemorySegment page(List<MemorySegment> buffers, long offset, int page) {
        long skip = offset;
        for (MemorySegment b : buffers) {
            if (skip < b.byteSize()) {
                return b.asSlice(skip, page);
            }
            skip -= b.byteSize();
        }
        throw new IllegalArgumentException("buffers hold " + total(buffers) + " bytes, need " + (offset + page));
    }
}
