package org.paravane.core.grant;

import java.lang.foreign.MemorySegment;

/**
 * What the grant-table core needs from the memory layer (one instance host-wide). Frames
 * are 4 KiB guest frames named by guest frame number (gfn = guest-physical address >> 12).
 * Methods are called while the grant core holds its lock: they must not block or call back
 * into {@link GrantTables}.
 */
public interface GrantHost {

    /**
     * The populated 4 KiB frame {@code gfn} of {@code domid}, as a segment of exactly 4096
     * bytes, or null when the domain has no such populated frame.
     */
    MemorySegment frame(int domid, long gfn);

    /**
     * Makes frame {@code gfn} of {@code domid} present (zero-filled), charging one page to
     * the domain's reservation; an already-present frame stays present (its old content is
     * dropped). False when the domain has no reservation headroom or gfn is outside its
     * physical address space.
     */
    boolean populate(int domid, long gfn);

    /** Removes frame {@code gfn} of {@code domid} (the donor side of a transfer); false if absent. */
    boolean unpopulate(int domid, long gfn);

    /**
     * Maps {@code frame} (a granted frame of another domain) into the physical address
     * space of {@code mapperDomid} at guest-physical {@code gpa} (GNTMAP_host_map for an
     * auto-translated guest); read-only if asked.
     *
     * @return true when mapped; false when gpa is not a place a foreign frame can go
     *         (the map then fails with GNTST_bad_virt_addr)
     */
    boolean mapForeign(int mapperDomid, long gpa, MemorySegment frame, boolean readonly);

    /** Removes a mapping made by {@link #mapForeign}. */
    void unmapForeign(int mapperDomid, long gpa);
}
