package org.paravane.core.grant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Guest memory for grant tests: per domain a real off-heap RAM segment of 4 KiB frames at
 * gfn 0x80000 (guest-physical 0x8000_0000), with a populated bitmap, a reservation limit,
 * and a physmap of foreign frames mapped outside RAM.
 */
final class TestGrantHost implements GrantHost, AutoCloseable {

    static final long RAM_GFN = 0x80000;

    static final class Dom {
        final MemorySegment ram;
        final int frames;
        final BitSet populated = new BitSet();
        int maxPages;
        final Map<Long, MemorySegment> foreign = new HashMap<>();

        Dom(MemorySegment ram, int frames, int maxPages) {
            this.ram = ram;
            this.frames = frames;
            this.maxPages = maxPages;
            populated.set(0, frames);
        }
    }

    private final Arena arena = Arena.ofShared();
    final Map<Integer, Dom> doms = new HashMap<>();

    /** A domain with {@code frames} populated RAM frames and room for {@code maxPages}. */
    Dom addDomain(int domid, int frames, int maxPages) {
        Dom d = new Dom(arena.allocate(4096L * frames, 4096), frames, maxPages);
        doms.put(domid, d);
        return d;
    }

    /** RAM frame {@code index} of a domain, whether populated or not. */
    MemorySegment raw(int domid, int index) {
        return doms.get(domid).ram.asSlice(4096L * index, 4096);
    }

    static long gfn(int index) {
        return RAM_GFN + index;
    }

    @Override
    public synchronized MemorySegment frame(int domid, long gfn) {
        Dom d = doms.get(domid);
        if (d == null || gfn < RAM_GFN || gfn >= RAM_GFN + d.frames || !d.populated.get((int) (gfn - RAM_GFN))) {
            return null;
        }
        return d.ram.asSlice(4096L * (gfn - RAM_GFN), 4096);
    }

    @Override
    public synchronized boolean populate(int domid, long gfn) {
        Dom d = doms.get(domid);
        if (d == null || gfn < RAM_GFN || gfn >= RAM_GFN + d.frames) {
            return false;
        }
        int i = (int) (gfn - RAM_GFN);
        if (!d.populated.get(i) && d.populated.cardinality() >= d.maxPages) {
            return false;
        }
        d.populated.set(i);
        d.ram.asSlice(4096L * i, 4096).fill((byte) 0);
        return true;
    }

    @Override
    public synchronized boolean unpopulate(int domid, long gfn) {
        Dom d = doms.get(domid);
        if (d == null || gfn < RAM_GFN || gfn >= RAM_GFN + d.frames || !d.populated.get((int) (gfn - RAM_GFN))) {
            return false;
        }
        int i = (int) (gfn - RAM_GFN);
        d.populated.clear(i);
        d.ram.asSlice(4096L * i, 4096).fill((byte) 0);
        return true;
    }

    boolean isPopulated(int domid, long gfn) {
        return frame(domid, gfn) != null;
    }

    @Override
    public synchronized boolean mapForeign(int mapperDomid, long gpa, MemorySegment frame, boolean readonly) {
        Dom d = doms.get(mapperDomid);
        long gfn = gpa >>> 12;
        if (d == null || gpa == 0 || (gpa & 0xFFF) != 0 || (gfn >= RAM_GFN && gfn < RAM_GFN + d.frames)
                || d.foreign.containsKey(gfn)) {
            return false;
        }
        d.foreign.put(gfn, readonly ? frame.asReadOnly() : frame);
        return true;
    }

    @Override
    public synchronized void unmapForeign(int mapperDomid, long gpa) {
        Dom d = doms.get(mapperDomid);
        if (d != null) {
            d.foreign.remove(gpa >>> 12);
        }
    }

    synchronized int foreignMappings(int domid) {
        return doms.get(domid).foreign.size();
    }

    static void fill(MemorySegment frame, byte b) {
        frame.fill(b);
    }

    static byte at(MemorySegment frame, long off) {
        return frame.get(ValueLayout.JAVA_BYTE, off);
    }

    @Override
    public void close() {
        arena.close();
    }
}
