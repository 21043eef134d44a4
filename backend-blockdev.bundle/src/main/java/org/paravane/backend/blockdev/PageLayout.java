package org.paravane.backend.blockdev;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Whether the pages of a transfer are physically contiguous, read from {@code
 * /proc/self/pagemap} (Documentation/admin-guide/mm/pagemap.rst: one 64-bit entry per
 * virtual page; bit 63 present, bits 0-54 the page frame number). Staging a transfer whose
 * memory already lies in huge pages would only add a copy (docs/benchmarks.md, "Staging large
 * transfers"), so {@link StagingBuffers} asks here first.
 *
 * <p>The frame numbers are visible only with {@code CAP_SYS_ADMIN} (Linux 4.2+ shows zero
 * otherwise); then, and for a page not present, the answer is "not known to be contiguous",
 * and the transfer is staged as if scattered.
 */
final class PageLayout {

    /** Average physical run, in pages, at which memory counts as contiguous (64 KiB). */
    static final int CONTIGUOUS_RUN_PAGES = 16;

    private static final long PAGE = 4096;
    private static final long PRESENT = 1L << 63;
    private static final long PFN_MASK = (1L << 55) - 1;
    /** Entries of a call's first read (256 KiB of memory): enough to see scattered pages. */
    private static final int FIRST_READ = 64;
    /** Entries of each later read (4 MiB, the staging capacity): contiguous memory costs few calls. */
    private static final int LATER_READ = 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(LATER_READ * 8).order(ByteOrder.nativeOrder()));

    /** This process's page map, or a layout that knows nothing where it cannot be read. */
    static final PageLayout SELF = open(Path.of("/proc/self/pagemap"));

    private final FileChannel pagemap;
    /** Cleared for good once a present page shows frame 0: no privilege to see frames. */
    private volatile boolean framesVisible;

    private PageLayout(FileChannel pagemap) {
        this.pagemap = pagemap;
        this.framesVisible = pagemap != null;
    }

    static PageLayout open(Path path) {
        try {
            return new PageLayout(FileChannel.open(path, StandardOpenOption.READ));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new PageLayout(null);
        }
    }

    /** Whether frame numbers can be read at all (root, Linux). */
    boolean framesVisible() {
        return framesVisible;
    }

    /**
     * Whether the caller pieces of {@code parts}, in order, lie in physical runs averaging at
     * least {@link #CONTIGUOUS_RUN_PAGES} pages. False when unknown. The first read takes
     * {@value #FIRST_READ} entries and the walk stops at the first run over the allowance, so
     * scattered memory, the common case, costs one small read; memory that looks contiguous is
     * then read {@value #LATER_READ} entries at a time.
     */
    boolean contiguous(List<Transfer> parts) {
        if (!framesVisible) {
            return false;
        }
        long bytes = 0;
        for (Transfer t : parts) {
            bytes += t.bytes;
        }
        Walk w = new Walk(Math.max(1, bytes / PAGE / CONTIGUOUS_RUN_PAGES));
        long spanStart = -1;
        long spanEnd = -1;
        try {
            for (Transfer t : parts) {
                for (MemorySegment b : t.bufs) {
                    if (b.byteSize() == 0) {
                        continue;
                    }
                    if (b.address() == spanEnd) {
                        spanEnd += b.byteSize(); // virtually adjacent: one walk covers both
                        continue;
                    }
                    if (spanStart >= 0 && !walk(spanStart, spanEnd, w)) {
                        return false;
                    }
                    spanStart = b.address();
                    spanEnd = b.address() + b.byteSize();
                }
            }
            return spanStart >= 0 && walk(spanStart, spanEnd, w);
        } catch (IOException e) {
            return false;
        }
    }

    /** The state of one walk: runs so far, the allowance, the last frame seen. */
    private static final class Walk {
        final long allowedRuns;
        long runs;
        long lastFrame = -2;
        boolean firstReadDone;

        Walk(long allowedRuns) {
            this.allowedRuns = allowedRuns;
        }
    }

    /**
     * Walks the pages of [start, end) into {@code w}; false as soon as the runs exceed the
     * allowance, a page is absent, or frames turn out to be hidden.
     */
    private boolean walk(long start, long end, Walk w) throws IOException {
        ByteBuffer buf = SCRATCH.get();
        long page = start / PAGE;
        long last = (end - 1) / PAGE;
        while (page <= last) {
            int n = (int) Math.min(w.firstReadDone ? LATER_READ : FIRST_READ, last - page + 1);
            w.firstReadDone = true;
            buf.clear().limit(n * 8);
            long pos = page * 8;
            while (buf.hasRemaining()) {
                if (pagemap.read(buf, pos + buf.position()) <= 0) {
                    return false;
                }
            }
            for (int i = 0; i < n; i++) {
                long e = buf.getLong(i * 8);
                if ((e & PRESENT) == 0) {
                    return false;
                }
                long frame = e & PFN_MASK;
                if (frame == 0) {
                    framesVisible = false;
                    return false;
                }
                if (frame != w.lastFrame + 1 && ++w.runs > w.allowedRuns) {
                    return false;
                }
                w.lastFrame = frame;
            }
            page += n;
        }
        return true;
    }
}
