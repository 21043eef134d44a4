package org.paravane.core.grant;

import java.lang.foreign.MemorySegment;

/**
 * One side of a grant copy (facts §3.3 GNTTABOP_copy): a grant reference of {@code domid},
 * a frame of the caller (gfn, domid must be SELF), or — for dom0's Java endpoints
 * only — a local buffer.
 *
 * @param grant    true: {@code refOrGfn} is a grant ref of {@code domid}
 * @param domid    the granting domain, or SELF for a local frame
 * @param refOrGfn grant ref (u32) or guest frame number
 * @param offset   byte offset in the frame (u16)
 * @param local    a dom0 buffer instead of a frame (then the other fields are ignored)
 */
public record CopySide(boolean grant, int domid, long refOrGfn, int offset, MemorySegment local) {

    /** A grant ref of {@code domid}. */
    public static CopySide ofGrant(int domid, long ref, int offset) {
        return new CopySide(true, domid, ref, offset, null);
    }

    /** A frame of the caller. */
    public static CopySide ofFrame(int domid, long gfn, int offset) {
        return new CopySide(false, domid, gfn, offset, null);
    }

    /** A dom0 buffer. */
    public static CopySide ofLocal(MemorySegment buffer) {
        return new CopySide(false, 0, 0, 0, buffer);
    }
}
