package org.paravane.core.blkif;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Platform;

/**
 * dom0's own "grant table" for local attach: the Java blkfront grants off-heap pages by
 * reference, and the backend maps them through the same {@link FrontendMemory} seam it uses
 * for guests. A read-only grant refuses a writable map, as GTF_readonly does (facts §3.2).
 */
public final class LocalGrantTable implements FrontendMemory {

    private record Entry(MemorySegment page, boolean readonly) {
    }

    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private static final int FIRST_REF = 8; // Xen reserves the first refs
    private final AtomicInteger next;

    /** An empty table. */
    public LocalGrantTable() {
        this(FIRST_REF);
    }

    /** An empty table whose next reference is {@code first} (tests of the wrap-around). */
    LocalGrantTable(int first) {
        if (first < FIRST_REF) {
            throw new IllegalArgumentException("grant references below " + FIRST_REF + " are reserved");
        }
        next = new AtomicInteger(first);
    }
    private final AtomicInteger mapped = new AtomicInteger();

    /** Grants {@code page} (exactly 4096 bytes); returns its reference. */
    public int grant(MemorySegment page, boolean readonly) {
        if (page.byteSize() != Platform.PAGE_SIZE) {
            throw new IllegalArgumentException("a granted page is " + Platform.PAGE_SIZE + " bytes, not " + page.byteSize());
        }
        // The blkfront grants per request, so refs wrap: stay in [FIRST_REF, 2^31) and skip live ones.
        Entry e = new Entry(page, readonly);
        while (true) {
            int ref = next.getAndUpdate(r -> r == Integer.MAX_VALUE ? FIRST_REF : r + 1);
            if (entries.putIfAbsent(ref, e) == null) {
                return ref;
            }
        }
    }

    /** Ends the grant {@code ref}; later maps fail. */
    public void revoke(int ref) {
        entries.remove(ref);
    }

    /** Grants currently live (for leak checks in tests). */
    public int grantCount() {
        return entries.size();
    }

    /** Mappings currently held by backends (for leak checks in tests). */
    public int mappedCount() {
        return mapped.get();
    }

    @Override
    public MappedPage map(int ref, boolean readonly) throws PageMapException {
        Entry e = entries.get(ref);
        if (e == null) {
            throw new PageMapException(Gntst.BAD_GNTREF, "local grant " + Integer.toUnsignedString(ref) + " does not exist");
        }
        if (e.readonly() && !readonly) {
            throw new PageMapException(Gntst.GENERAL_ERROR, "local grant " + ref + " is read-only");
        }
        mapped.incrementAndGet();
        return new MappedPage(ref, readonly, readonly ? e.page().asReadOnly() : e.page(), null);
    }

    @Override
    public void unmap(MappedPage page) {
        mapped.decrementAndGet();
    }
}
