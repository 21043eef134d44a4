package org.paravane.core.grant;

import static org.paravane.api.abi.DomId.SELF;
import static org.paravane.api.abi.Platform.PAGE_SIZE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.paravane.api.abi.Gntmap;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;
import org.paravane.core.policy.Action;
import org.paravane.core.policy.SecurityPolicy;

/**
 * Grant tables v1 of every domain (facts §3): one worker per GNTTABOP_* operation, each
 * returning a GNTST_* status (batched operations call the worker once per element).
 *
 * <p>State: per domain a {@link GrantTable} (shared entries + active entries) and a
 * {@link MapTrack} (mappings the domain holds). One lock guards all of it, which makes
 * cross-domain operations (map, copy, transfer, destroy) deadlock-free; the data moved by
 * a copy is moved outside the lock, with both grants pinned. The shared entries themselves
 * are changed only with atomic operations, because the guest writes them concurrently.
 *
 * <p>Pin protocol (facts §3.2, §3.5): the first pin of a grant checks the shared entry
 * (type permit_access, sub_page not allowed for maps, domid = the mapping domain, readonly
 * respected for write access) and sets GTF_reading (and GTF_writing) by compare-and-set
 * on the flags+domid word, retried at most 5 times; later pins by the same domain only
 * count, except a first writable pin, which checks again. The last read/write unpin clears
 * GTF_writing / GTF_reading, so a granter can end access safely with its own CAS.
 */
public final class GrantTables {

    /** Xen's default maximum of grant-table frames per domain. */
    public static final int DEFAULT_MAX_FRAMES = 64;
    /** Default limit of mapping handles per domain. */
    public static final int DEFAULT_MAX_HANDLES = 65536;

    private final GrantHost host;
    private final SecurityPolicy policy;
    private final int maxHandles;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, GrantTable> tables = new ConcurrentHashMap<>();
    private final Map<Integer, MapTrack> mapTracks = new ConcurrentHashMap<>();

    /**
     * Grant tables over {@code host}'s memory, checked by {@code policy}:
     * {@link Action#GNTTAB_CONTROL} for setup_table / query_size of a table,
     * {@link Action#GNTTAB_MAP} for mapping, copying through and transferring to another
     * domain's grants (the grant entry itself is the granter's consent).
     */
    public GrantTables(GrantHost host, SecurityPolicy policy) {
        this(host, policy, DEFAULT_MAX_HANDLES);
    }

    /** As above, with a limit of mapping handles per domain. */
    public GrantTables(GrantHost host, SecurityPolicy policy, int maxHandles) {
        this.host = Objects.requireNonNull(host, "host");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (maxHandles < 1) {
            throw new IllegalArgumentException("maxHandles must be positive, was " + maxHandles);
        }
        this.maxHandles = maxHandles;
    }

    // ---------------------------------------------------------------- domain lifecycle

    /** Gives a domain a grant table of one frame, growing up to {@link #DEFAULT_MAX_FRAMES}. */
    public void createDomain(int domid) {
        createDomain(domid, DEFAULT_MAX_FRAMES);
    }

    /**
     * Gives a domain a grant table of one frame growing up to {@code maxFrames}.
     *
     * @throws IllegalArgumentException if maxFrames is not 1..1024
     * @throws IllegalStateException    if the domain has a table already
     */
    public void createDomain(int domid, int maxFrames) {
        if (maxFrames < 1 || maxFrames > 1024) {
            throw new IllegalArgumentException("maxFrames must be 1..1024, was " + maxFrames);
        }
        lock.lock();
        try {
            if (tables.containsKey(domid)) {
                throw new IllegalStateException("grant table of domain " + domid + " exists already");
            }
            tables.put(domid, new GrantTable(domid, 1, maxFrames));
            mapTracks.put(domid, new MapTrack(maxHandles));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases everything of a domain: the mappings it holds (its pins on other domains'
     * grants are dropped and the flags cleared), every mapping others hold of its grants
     * (dom0 segments are revoked, guest mappings removed), and its table frames. Call
     * before the domain's memory is freed. No-op if unknown.
     */
    public void destroyDomain(int domid) {
        List<Arena> toClose = new ArrayList<>();
        GrantTable table;
        lock.lock();
        try {
            table = tables.remove(domid);
            MapTrack own = mapTracks.remove(domid);
            if (own != null) {
                for (int h : own.handles()) {
                    releaseMapping(domid, own, h, toClose);
                }
            }
            if (table != null) {
                table.dying = true;
                for (Map.Entry<Integer, ActiveGrant> e : List.copyOf(table.active.entrySet())) {
                    MapTrack mt = mapTracks.get(e.getValue().mapperDomid);
                    if (mt != null) {
                        for (int h : mt.handlesOf(domid, e.getKey())) {
                            releaseMapping(e.getValue().mapperDomid, mt, h, toClose);
                        }
                    }
                }
                table.active.clear();
            }
        } finally {
            lock.unlock();
        }
        // Closing a shared arena waits for threads using its segments: do it unlocked.
        for (Arena a : toClose) {
            a.close();
        }
        if (table != null) {
            table.free();
        }
    }

    /** True when the domain has a grant table. */
    public boolean hasDomain(int domid) {
        return tables.containsKey(domid);
    }

    // ---------------------------------------------------------------- table frames

    /**
     * Table frame {@code index} of {@code domid}, growing the table if needed, for
     * add_to_physmap(XENMAPSPACE_grant_table); null when the domain is unknown or index is
     * not below its maximum (Xen: -EINVAL).
     */
    public MemorySegment tableFrame(int domid, long index) {
        lock.lock();
        try {
            GrantTable t = tables.get(domid);
            if (t == null || index < 0 || index >= t.maxFrames || !t.grow((int) index + 1)) {
                return null;
            }
            return t.frame((int) index);
        } finally {
            lock.unlock();
        }
    }

    /** Records that the domain mapped table frame {@code index} at {@code gfn} (for setup_table). */
    public void noteTableFrameMapped(int domid, int index, long gfn) {
        lock.lock();
        try {
            GrantTable t = tables.get(domid);
            if (t != null && index >= 0 && index < t.nrFrames()) {
                t.setFrameGfn(index, gfn);
            }
        } finally {
            lock.unlock();
        }
    }

    /** GNTTABOP_query_size. */
    public QuerySizeResult querySize(int caller, int dom) {
        int target = dom == SELF ? caller : dom;
        lock.lock();
        try {
            GrantTable t = tables.get(target);
            if (t == null) {
                return new QuerySizeResult(Gntst.BAD_DOMAIN, 0, 0);
            }
            if (!policy.permits(caller, Action.GNTTAB_CONTROL, target)) {
                return new QuerySizeResult(Gntst.PERMISSION_DENIED, 0, 0);
            }
            return new QuerySizeResult(Gntst.OKAY, t.nrFrames(), t.maxFrames);
        } finally {
            lock.unlock();
        }
    }

    /**
     * GNTTABOP_setup_table: grows the table to at least {@code nrFrames} frames and reports
     * where the first nrFrames are mapped in the guest.
     */
    public SetupTableResult setupTable(int caller, int dom, long nrFrames) {
        int target = dom == SELF ? caller : dom;
        lock.lock();
        try {
            GrantTable t = tables.get(target);
            if (t == null) {
                return new SetupTableResult(Gntst.BAD_DOMAIN, new long[0]);
            }
            if (nrFrames < 0 || nrFrames > t.maxFrames) {
                return new SetupTableResult(Gntst.GENERAL_ERROR, new long[0]);
            }
            if (!policy.permits(caller, Action.GNTTAB_CONTROL, target)) {
                return new SetupTableResult(Gntst.PERMISSION_DENIED, new long[0]);
            }
            t.grow((int) nrFrames);
            long[] gfns = new long[(int) nrFrames];
            for (int i = 0; i < gfns.length; i++) {
                gfns[i] = t.frameGfn(i);
            }
            return new SetupTableResult(Gntst.OKAY, gfns);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- map / unmap

    /**
     * GNTTABOP_map_grant_ref for a guest mapper: maps grant {@code ref} of {@code granter}
     * at guest-physical {@code hostAddr} (GNTMAP_host_map, optionally GNTMAP_readonly).
     */
    public MapResult map(int mapper, int granter, long ref, int flags, long hostAddr) {
        if ((flags & (Gntmap.DEVICE_MAP | Gntmap.HOST_MAP)) == 0) {
            return MapResult.failure(Gntst.BAD_GNTREF); // Xen's answer to "no mapping kind asked"
        }
        if ((flags & (Gntmap.DEVICE_MAP | Gntmap.APPLICATION_MAP | Gntmap.CONTAINS_PTE)) != 0) {
            // Guests are auto-translated: Xen refuses device, application and PTE mappings
            // for them ("no device mapping in HVM domain") with general_error.
            return MapResult.failure(Gntst.GENERAL_ERROR);
        }
        return mapCommon(mapper, granter, ref, flags, hostAddr, true);
    }

    /**
     * map_grant_ref for dom0's Java endpoints: the result carries a segment bounded to the
     * granted 4 KiB frame (a read-only view for read-only maps), revoked at unmap.
     */
    public MapResult mapForDom0(int granter, long ref, boolean readonly) {
        return mapCommon(0, granter, ref, Gntmap.HOST_MAP | (readonly ? Gntmap.READONLY : 0), 0, true);
    }

    /**
     * map_grant_ref for dom0's block data path ({@link GrantViews}): the same pin and handle as
     * {@link #mapForDom0}, but the segment is a view in the granter's memory, valid until that
     * memory is released, not revoked at unmap. Why: revoking means closing a shared arena, and
     * every close is a handshake with every JVM thread; one per unmapped 4 KiB data page made
     * the VM thread use a quarter of a CPU under guest disk I/O (docs/design.md "Grant mappings
     * in dom0"). The caller answers for never touching the page after unmap.
     */
    public MapResult mapForDom0View(int granter, long ref, boolean readonly) {
        return mapCommon(0, granter, ref, Gntmap.HOST_MAP | (readonly ? Gntmap.READONLY : 0), 0, false);
    }

    private MapResult mapCommon(int mapper, int granterDom, long ref, int flags, long hostAddr, boolean ownScope) {
        boolean readonly = (flags & Gntmap.READONLY) != 0;
        boolean hostMap = (flags & Gntmap.HOST_MAP) != 0;
        boolean dom0 = mapper == 0;
        Arena arena = null;
        MemorySegment segment = null;
        lock.lock();
        try {
            int granter = granterDom; // Xen looks the granter up by id: SELF is bad_domain
            MapTrack mt = mapTracks.get(mapper);
            GrantTable t = tables.get(granter);
            if (mt == null || t == null || t.dying) {
                return MapResult.failure(Gntst.BAD_DOMAIN);
            }
            if (!policy.permits(mapper, Action.GNTTAB_MAP, granter)) {
                return MapResult.failure(Gntst.PERMISSION_DENIED);
            }
            if (mt.inUse() >= mt.maxHandles) {
                return MapResult.failure(Gntst.NO_SPACE); // current Xen; before 4.x: no_device_space
            }
            if (ref < 0 || ref >= t.nrEntries()) {
                return MapResult.failure(Gntst.BAD_GNTREF);
            }
            int r = (int) ref;
            int status = GrantPins.pin(host, t, r, mapper, readonly, true);
            if (status != Gntst.OKAY) {
                return MapResult.failure(status);
            }
            ActiveGrant act = t.active.get(r);
            if (hostMap && !dom0 && !host.mapForeign(mapper, hostAddr, act.frame, readonly)) {
                GrantPins.unpin(t, r, readonly);
                return MapResult.failure(Gntst.BAD_VIRT_ADDR);
            }
            if (dom0) {
                // A segment of its own scope, closed at unmap, so a backend cannot keep using
                // a frame after giving the grant back; bounded to the 4 KiB granted frame.
                if (ownScope) {
                    arena = Arena.ofShared();
                    segment = act.frame.reinterpret(PAGE_SIZE, arena, null);
                } else {
                    segment = act.frame.asSlice(0, PAGE_SIZE); // the granter memory's scope
                }
                if (readonly) {
                    segment = segment.asReadOnly();
                }
            }
            int handle = mt.add(new MapTrack.Entry(granter, r, readonly, hostAddr, hostMap && !dom0, arena, segment));
            long devBusAddr = (flags & Gntmap.DEVICE_MAP) != 0 ? act.gfn << 12 : 0;
            return new MapResult(Gntst.OKAY, handle, devBusAddr, segment);
        } finally {
            lock.unlock();
        }
    }

    /**
     * GNTTABOP_unmap_grant_ref: releases mapping {@code handle} of {@code mapper}. A
     * nonzero hostAddr / devBusAddr must match the mapping (Xen checks both).
     */
    public int unmap(int mapper, long handle, long hostAddr, long devBusAddr) {
        Arena toClose;
        lock.lock();
        try {
            MapTrack mt = mapTracks.get(mapper);
            if (mt == null) {
                return Gntst.BAD_DOMAIN;
            }
            MapTrack.Entry e = mt.get(handle);
            if (e == null) {
                return Gntst.BAD_HANDLE;
            }
            GrantTable t = tables.get(e.granterDomid);
            ActiveGrant act = t == null ? null : t.active.get(e.ref);
            if (devBusAddr != 0 && (act == null || devBusAddr != act.gfn << 12)) {
                return Gntst.BAD_DEV_ADDR;
            }
            if (hostAddr != 0 && (!e.hostMapped || hostAddr != e.hostAddr)) {
                return Gntst.GENERAL_ERROR;
            }
            List<Arena> arenas = new ArrayList<>(1);
            releaseMapping(mapper, mt, (int) handle, arenas);
            toClose = arenas.isEmpty() ? null : arenas.get(0);
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            toClose.close();
        }
        return Gntst.OKAY;
    }

    /**
     * Unmap for dom0's Java endpoints: releases the mapping that handed out {@code segment}
     * under {@code handle}. Returns GNTST_okay, or GNTST_bad_handle when the handle does not
     * hold that segment (it was released already, for example because the granter died).
     */
    public int unmapForDom0(long handle, MemorySegment segment) {
        Arena toClose;
        lock.lock();
        try {
            MapTrack mt = mapTracks.get(0);
            MapTrack.Entry e = mt == null ? null : mt.get(handle);
            if (e == null || e.dom0Segment != segment) {
                return Gntst.BAD_HANDLE;
            }
            List<Arena> arenas = new ArrayList<>(1);
            releaseMapping(0, mt, (int) handle, arenas);
            toClose = arenas.isEmpty() ? null : arenas.get(0);
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            toClose.close();
        }
        return Gntst.OKAY;
    }

    /** Drops one mapping: host mapping, pin, handle. Lock held; dom0 arenas collected. */
    private void releaseMapping(int mapper, MapTrack mt, int handle, List<Arena> arenasToClose) {
        MapTrack.Entry e = mt.get(handle);
        mt.remove(handle);
        if (e.hostMapped) {
            host.unmapForeign(mapper, e.hostAddr);
        }
        if (e.dom0Arena != null) {
            arenasToClose.add(e.dom0Arena);
        }
        GrantTable t = tables.get(e.granterDomid);
        if (t != null) {
            GrantPins.unpin(t, e.ref, e.readonly);
        }
    }

    // ---------------------------------------------------------------- copy

    /**
     * GNTTABOP_copy, one element: copies {@code len} bytes from {@code src} to {@code dst}.
     * A grant side is pinned (GTF_reading, and GTF_writing for the destination) while the
     * bytes move; a frame side must be the caller's own (SELF).
     */
    public int copy(int caller, CopySide src, CopySide dst, int len) {
        CopyClaims.Claim s;
        CopyClaims.Claim d;
        lock.lock();
        try {
            int status = CopyClaims.checkSideDomain(tables, caller, src);
            if (status == Gntst.OKAY) {
                status = CopyClaims.checkSideDomain(tables, caller, dst);
            }
            if (status != Gntst.OKAY) {
                return status;
            }
            if (!policy.permits(caller, Action.GNTTAB_MAP, CopyClaims.sideDomain(caller, src))
                    || !policy.permits(caller, Action.GNTTAB_MAP, CopyClaims.sideDomain(caller, dst))) {
                return Gntst.PERMISSION_DENIED;
            }
            Object sc = CopyClaims.claim(tables, host, caller, src, true);
            if (sc instanceof Integer st) {
                return st;
            }
            s = (CopyClaims.Claim) sc;
            Object dc = CopyClaims.claim(tables, host, caller, dst, false);
            if (dc instanceof Integer st) {
                CopyClaims.release(s);
                return st;
            }
            d = (CopyClaims.Claim) dc;
        } finally {
            lock.unlock();
        }
        int status = Gntst.OKAY;
        if (len < 0 || CopyClaims.outOfBounds(src, s, len) || CopyClaims.outOfBounds(dst, d, len)) {
            status = Gntst.BAD_COPY_ARG;
        } else {
            long so = src.local() != null ? 0 : src.offset();
            long dof = dst.local() != null ? 0 : dst.offset();
            MemorySegment.copy(s.memory(), so, d.memory(), dof, len);
        }
        lock.lock();
        try {
            CopyClaims.release(s);
            CopyClaims.release(d);
        } finally {
            lock.unlock();
        }
        return status;
    }

    // ---------------------------------------------------------------- transfer

    /**
     * GNTTABOP_transfer, one element: gives the donor's frame {@code gfn} to
     * {@code receiverDom}, into the frame named by its accept_transfer entry {@code ref}.
     * The donor loses the page even when the transfer fails, except with GNTST_bad_page
     * (facts §3.3), as in Xen.
     */
    public int transfer(int donor, long gfn, int receiverDom, long ref) {
        lock.lock();
        try {
            MemorySegment page = host.frame(donor, gfn);
            GrantTable donorTable = tables.get(donor);
            if (page == null || donorTable == null || donorTable.pinsFrame(gfn)) {
                return Gntst.BAD_PAGE; // absent, or mapped through a grant: cannot be stolen
            }
            int receiver = receiverDom == SELF ? donor : receiverDom;
            GrantTable t = tables.get(receiver);
            if (t == null || t.dying) {
                host.unpopulate(donor, gfn);
                return Gntst.BAD_DOMAIN;
            }
            if (!policy.permits(donor, Action.GNTTAB_MAP, receiver)) {
                host.unpopulate(donor, gfn);
                return Gntst.PERMISSION_DENIED;
            }
            if (ref < 0 || ref >= t.nrEntries() || !GrantPins.prepareForTransfer(t, (int) ref, donor)) {
                host.unpopulate(donor, gfn);
                return Gntst.GENERAL_ERROR;
            }
            MemorySegment entryFrame = t.frameOf((int) ref);
            int slot = GrantTable.slotOf((int) ref);
            long targetGfn = GrantEntries.frame(entryFrame, slot);
            if (!host.populate(receiver, targetGfn)) {
                // No headroom in the receiver: Xen fails before committing; undo our commit.
                GrantEntries.clearFlags(entryFrame, slot, Gtf.TRANSFER_COMMITTED);
                host.unpopulate(donor, gfn);
                return Gntst.GENERAL_ERROR;
            }
            MemorySegment target = host.frame(receiver, targetGfn);
            if (target != null && target.address() != page.address()) {
                MemorySegment.copy(page, 0, target, 0, PAGE_SIZE);
            }
            host.unpopulate(donor, gfn);
            // The receiver spin-waits on transfer_completed (facts §3.2): set it last.
            GrantEntries.setFlags(entryFrame, slot, Gtf.TRANSFER_COMPLETED);
            return Gntst.OKAY;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- introspection

    /** Pinned grants of {@code domid}'s table (0 when none or unknown). */
    public int activeGrants(int domid) {
        lock.lock();
        try {
            GrantTable t = tables.get(domid);
            return t == null ? 0 : t.active.size();
        } finally {
            lock.unlock();
        }
    }

    /** Mapping handles {@code domid} holds (0 when none or unknown). */
    public int handlesInUse(int domid) {
        lock.lock();
        try {
            MapTrack mt = mapTracks.get(domid);
            return mt == null ? 0 : mt.inUse();
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when frame {@code gfn} of {@code domid} is pinned by a grant mapping or copy;
     * the memory layer should refuse to remove such a frame (decrease_reservation).
     */
    public boolean isFramePinned(int domid, long gfn) {
        lock.lock();
        try {
            GrantTable t = tables.get(domid);
            return t != null && t.pinsFrame(gfn);
        } finally {
            lock.unlock();
        }
    }
}
