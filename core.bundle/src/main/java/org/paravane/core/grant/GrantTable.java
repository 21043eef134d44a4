package org.paravane.core.grant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.abi.Platform;

/**
 * One domain's grant table, version 1: table frames allocated off-heap (4 KiB, 512 entries
 * each), growing on demand up to {@link #maxFrames}, plus the active entries of the grants
 * currently pinned. Guarded by the lock of {@link GrantTables}.
 */
final class GrantTable {

    /** Value written to setup_table's frame list for a frame not mapped into the guest. */
    static final long INVALID_GFN = -1L;

    final int domid;
    final int maxFrames;
    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> frames = new ArrayList<>();
    private final List<Long> frameGfns = new ArrayList<>();
    final Map<Integer, ActiveGrant> active = new HashMap<>();
    boolean dying;

    GrantTable(int domid, int initialFrames, int maxFrames) {
        this.domid = domid;
        this.maxFrames = maxFrames;
        grow(initialFrames);
    }

    int nrFrames() {
        return frames.size();
    }

    int nrEntries() {
        return frames.size() * GrantEntries.ENTRIES_PER_FRAME;
    }

    /** Ensures at least {@code n} frames exist; false if n exceeds the maximum. */
    boolean grow(int n) {
        if (n > maxFrames) {
            return false;
        }
        while (frames.size() < n) {
            frames.add(arena.allocate(Platform.PAGE_SIZE, Platform.PAGE_SIZE));
            frameGfns.add(INVALID_GFN);
        }
        return true;
    }

    MemorySegment frame(int index) {
        return frames.get(index);
    }

    /** The table frame holding entry {@code ref}. */
    MemorySegment frameOf(int ref) {
        return frames.get(ref / GrantEntries.ENTRIES_PER_FRAME);
    }

    static int slotOf(int ref) {
        return ref % GrantEntries.ENTRIES_PER_FRAME;
    }

    long frameGfn(int index) {
        return frameGfns.get(index);
    }

    void setFrameGfn(int index, long gfn) {
        frameGfns.set(index, gfn);
    }

    /** True when some active entry pins guest frame {@code gfn} of this domain. */
    boolean pinsFrame(long gfn) {
        for (ActiveGrant a : active.values()) {
            if (a.gfn == gfn) {
                return true;
            }
        }
        return false;
    }

    void free() {
        arena.close();
    }
}
