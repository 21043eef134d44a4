package org.paravane.core.memory;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The frames a domain has mapped outside its RAM (add_to_physmap: grant-table and shared-info
 * frames), as two sorted arrays that are replaced whole on every change. Every vCPU looks a
 * frame up here on its slow-path loads and stores (a PV guest's grant entries live in these
 * frames, so each request it grants costs several lookups), and a lookup must neither lock nor
 * allocate; a map keyed by {@code Long} boxed one key per lookup. Changes are rare.
 */
final class OutsideRamFrames {

    static final OutsideRamFrames EMPTY = new OutsideRamFrames(new long[0], new MemorySegment[0]);

    private final long[] gfns;
    private final MemorySegment[] frames;

    private OutsideRamFrames(long[] gfns, MemorySegment[] frames) {
        this.gfns = gfns;
        this.frames = frames;
    }

    /** The frame mapped at {@code gfn}, or null. */
    MemorySegment get(long gfn) {
        int i = Arrays.binarySearch(gfns, gfn);
        return i >= 0 ? frames[i] : null;
    }

    /** These frames with {@code frame} at {@code gfn}, replacing what was there. */
    OutsideRamFrames with(long gfn, MemorySegment frame) {
        int i = Arrays.binarySearch(gfns, gfn);
        if (i >= 0) {
            MemorySegment[] f = frames.clone();
            f[i] = frame;
            return new OutsideRamFrames(gfns, f);
        }
        int at = -i - 1;
        long[] g = new long[gfns.length + 1];
        MemorySegment[] f = new MemorySegment[frames.length + 1];
        System.arraycopy(gfns, 0, g, 0, at);
        System.arraycopy(frames, 0, f, 0, at);
        g[at] = gfn;
        f[at] = frame;
        System.arraycopy(gfns, at, g, at + 1, gfns.length - at);
        System.arraycopy(frames, at, f, at + 1, frames.length - at);
        return new OutsideRamFrames(g, f);
    }

    /** These frames without whatever is at {@code gfn}. */
    OutsideRamFrames without(long gfn) {
        int i = Arrays.binarySearch(gfns, gfn);
        if (i < 0) {
            return this;
        }
        long[] g = new long[gfns.length - 1];
        MemorySegment[] f = new MemorySegment[frames.length - 1];
        System.arraycopy(gfns, 0, g, 0, i);
        System.arraycopy(frames, 0, f, 0, i);
        System.arraycopy(gfns, i + 1, g, i, gfns.length - i - 1);
        System.arraycopy(frames, i + 1, f, i, frames.length - i - 1);
        return new OutsideRamFrames(g, f);
    }

    /** The gfn where a frame at {@code frame}'s address is mapped, or -1. */
    long gfnOf(MemorySegment frame) {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].address() == frame.address()) {
                return gfns[i];
            }
        }
        return -1;
    }

    int size() {
        return gfns.length;
    }
}
