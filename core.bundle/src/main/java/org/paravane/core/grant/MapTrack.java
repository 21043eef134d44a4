package org.paravane.core.grant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One domain's table of grant mappings it holds (Xen's maptrack): handle → (granter, ref,
 * access, where it is mapped). Handles are indexes, reused after unmap.
 * Guarded by the lock of {@link GrantTables}.
 */
final class MapTrack {

    /** One mapping. */
    static final class Entry {
        final int granterDomid;
        final int ref;
        final boolean readonly;
        final long hostAddr;
        final boolean hostMapped;
        /** dom0 mappings: the arena whose closing revokes the segment handed out. */
        final Arena dom0Arena;
        /** dom0 mappings: the segment handed out (identifies the mapping at unmap). */
        final MemorySegment dom0Segment;

        Entry(int granterDomid, int ref, boolean readonly, long hostAddr, boolean hostMapped, Arena dom0Arena,
                MemorySegment dom0Segment) {
            this.granterDomid = granterDomid;
            this.ref = ref;
            this.readonly = readonly;
            this.hostAddr = hostAddr;
            this.hostMapped = hostMapped;
            this.dom0Arena = dom0Arena;
            this.dom0Segment = dom0Segment;
        }
    }

    final int maxHandles;
    private final List<Entry> entries = new ArrayList<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int inUse;

    MapTrack(int maxHandles) {
        this.maxHandles = maxHandles;
    }

    /** Stores {@code e}; returns its handle, or -1 when no handle is free. */
    int add(Entry e) {
        Integer reuse = free.poll();
        if (reuse != null) {
            entries.set(reuse, e);
            inUse++;
            return reuse;
        }
        if (entries.size() >= maxHandles) {
            return -1;
        }
        entries.add(e);
        inUse++;
        return entries.size() - 1;
    }

    /** The mapping of {@code handle}, or null. */
    Entry get(long handle) {
        if (handle < 0 || handle >= entries.size()) {
            return null;
        }
        return entries.get((int) handle);
    }

    void remove(long handle) {
        if (entries.set((int) handle, null) != null) {
            inUse--;
            free.push((int) handle);
        }
    }

    int inUse() {
        return inUse;
    }

    /** Handles of mappings of (granter, ref). */
    List<Integer> handlesOf(int granterDomid, int ref) {
        List<Integer> out = new ArrayList<>();
        for (int h = 0; h < entries.size(); h++) {
            Entry e = entries.get(h);
            if (e != null && e.granterDomid == granterDomid && e.ref == ref) {
                out.add(h);
            }
        }
        return out;
    }

    /** Every handle in use. */
    List<Integer> handles() {
        List<Integer> out = new ArrayList<>();
        for (int h = 0; h < entries.size(); h++) {
            if (entries.get(h) != null) {
                out.add(h);
            }
        }
        return out;
    }
}
