package org.paravane.core.blkif;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Platform;

/**
 * dom0's own "grant table" for local attach: the Java blkfront grants off-heap pages by
 * reference, and the backend maps them through the same {@link FrontendMemory} seam it uses
 * for guests. A read-only grant refuses a writable map, as GTF_readonly does (facts §3.2).
 *
 * <p>References only grow (wrapping from 2^31 - 1 to the first unreserved one), so a
 * reference used after its revoke fails to map instead of reaching a newer grant. A grant
 * lives in the slot its reference selects in a fixed array of {@value #SLOTS} entries,
 * which records the reference it holds. A reference whose slot is still taken by a live
 * grant is skipped (at most {@value #SKIPS} times), and after that the grant goes to an
 * overflow map. Why an array: the blkfront lends a 1 MiB request as 256 pages, each granted,
 * mapped and revoked once. As map entries with boxed keys those three steps were about 40 %
 * of the ring path's CPU samples at queue depth 1 (docs/benchmarks.md, "The local grant
 * table").
 */
public final class LocalGrantTable implements FrontendMemory {

    /** Array slots; a power of two (256 KiB of references). */
    static final int SLOTS = 1 << 16;
    /** References skipped because their slot is taken before a grant goes to the overflow map. */
    static final int SKIPS = 4;
    private static final int MASK = SLOTS - 1;
    private static final int FIRST_REF = 8; // Xen reserves the first refs

    private record Entry(int ref, MemorySegment page, boolean readonly) {
    }

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    /** Grants whose slots were taken; almost always empty. */
    private final Map<Integer, Entry> overflow = new ConcurrentHashMap<>();
    private final AtomicInteger next;
    /** Live grants in {@link #slots} (striped: the granting and the revoking threads differ). */
    private final LongAdder inSlots = new LongAdder();
    private final LongAdder mapped = new LongAdder();

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

    /** Grants {@code page} (exactly 4096 bytes); returns its reference. */
    public int grant(MemorySegment page, boolean readonly) {
        if (page.byteSize() != Platform.PAGE_SIZE) {
            throw new IllegalArgumentException("a granted page is " + Platform.PAGE_SIZE + " bytes, not " + page.byteSize());
        }
        for (int tries = 0; ; tries++) {
            int ref = nextRef();
            int slot = ref & MASK;
            Entry held = slots.get(slot);
            if (held == null) {
                if (!overflow.isEmpty() && overflow.containsKey(ref)) {
                    continue; // wrapped onto a grant still live in the overflow map: skip it
                }
                if (slots.compareAndSet(slot, null, new Entry(ref, page, readonly))) {
                    inSlots.increment();
                    return ref;
                }
                continue; // another grant took the slot just now: a new reference
            }
            if (held.ref() == ref) {
                continue; // the reference wrapped onto a grant still live: skip it, as before
            }
            if (tries >= SKIPS && overflow.putIfAbsent(ref, new Entry(ref, page, readonly)) == null) {
                return ref;
            }
        }
    }

    /** The next reference: stays in [FIRST_REF, 2^31). */
    private int nextRef() {
        return next.getAndUpdate(r -> r == Integer.MAX_VALUE ? FIRST_REF : r + 1);
    }

    /** Ends the grant {@code ref}; later maps fail. */
    public void revoke(int ref) {
        int slot = ref & MASK;
        Entry held = slots.get(slot);
        if (held != null && held.ref() == ref) {
            if (slots.compareAndSet(slot, held, null)) {
                inSlots.decrement();
            }
            return;
        }
        overflow.remove(ref);
    }

    /** Grants currently live (for leak checks in tests). */
    public int grantCount() {
        return (int) inSlots.sum() + overflow.size();
    }

    /** Grants that went to the overflow map because their slots were taken (tests). */
    int overflowCount() {
        return overflow.size();
    }

    /** Mappings currently held by backends (for leak checks in tests). */
    public int mappedCount() {
        return (int) mapped.sum();
    }

    @Override
    public MappedPage map(int ref, boolean readonly) throws PageMapException {
        Entry e = slots.get(ref & MASK);
        if (e == null || e.ref() != ref) {
            e = overflow.get(ref);
        }
        if (e == null) { // no grant ever had a reserved or negative reference: they fail here too
            throw new PageMapException(Gntst.BAD_GNTREF, "local grant " + Integer.toUnsignedString(ref) + " does not exist");
        }
        if (e.readonly() && !readonly) {
            throw new PageMapException(Gntst.GENERAL_ERROR, "local grant " + ref + " is read-only");
        }
        mapped.increment();
        return new MappedPage(ref, readonly, readonly ? e.page().asReadOnly() : e.page(), null);
    }

    @Override
    public void unmap(MappedPage page) {
        mapped.decrement();
    }
}
