package org.paravane.core.grant;

import java.lang.foreign.MemorySegment;

/**
 * The hypervisor's private record of a grant in use (Xen's active entry): who pinned it,
 * how often for reading and for writing, and the frame it named when first pinned (copied
 * once, so later guest writes to the shared entry change nothing).
 */
final class ActiveGrant {
    final int mapperDomid;
    final long gfn;
    final MemorySegment frame;
    int readPins;
    int writePins;

    ActiveGrant(int mapperDomid, long gfn, MemorySegment frame) {
        this.mapperDomid = mapperDomid;
        this.gfn = gfn;
        this.frame = frame;
    }

    int pins() {
        return readPins + writePins;
    }
}
