package org.paravane.core.hypercall;

import java.lang.foreign.MemorySegment;

/**
 * The grant-table subsystem's frames, for memory_op(add_to_physmap, XENMAPSPACE_grant_table):
 * frame {@code idx} of domain {@code domid}'s table (growing the table as setup_table would),
 * or null when idx is beyond the table's maximum.
 */
@FunctionalInterface
public interface GrantFrameSource {

    /** The 4 KiB grant-table frame idx of domid, or null. */
    MemorySegment grantFrame(int domid, long idx);

    /** Table frame idx of domid is now mapped at gfn (setup_table reports it). */
    default void frameMapped(int domid, long idx, long gfn) {
    }

    /** No grant tables (before the grant subsystem is wired): every request fails. */
    GrantFrameSource NONE = (domid, idx) -> null;
}
