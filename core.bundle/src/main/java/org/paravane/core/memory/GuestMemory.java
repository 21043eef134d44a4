package org.paravane.core.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import org.paravane.api.engine.GuestPhysicalMemory;

/**
 * One domain's guest-physical memory (docs/abi.md §2): RAM at 0x8000_0000 as one off-heap
 * segment of {@code maxFrames} 4 KiB frames from the domain's own {@link Arena}, plus
 * single frames mapped outside RAM (shared_info, grant-table frames).
 *
 * <p>Reservation (facts §1.3 memory_op): a frame is <em>populated</em> (owned by the guest,
 * charged to the host {@link MemoryBudget}) or not. current = populated frames; max =
 * the segment size; target is what the toolstack asks the balloon driver for. Hypercalls
 * only accept buffers in populated frames ({@link #isPopulatedRange}); the engine is told
 * which RAM frames are populated ({@link #hasUnpopulatedRam}, {@link #isRamFramePopulated})
 * and makes a guest access to any other one fault like an access outside guest memory.
 *
 * <p>{@link #close()} releases the arena (unmapping everything) and the budget charge.
 */
public final class GuestMemory implements GuestPhysicalMemory, AutoCloseable {

    private final int domid;
    private final MemoryBudget budget;
    private final Arena arena;
    private final MemorySegment ram;
    private final long maxFrames;
    private final BitSet populated;
    private volatile OutsideRamFrames outsideRam = OutsideRamFrames.EMPTY;
    private long populatedCount;
    private long targetFrames;
    private boolean closed;

    /**
     * Creates the memory of domain {@code domid}: {@code maxFrames} frames of address
     * space, the first {@code initialFrames} populated.
     *
     * @throws OutOfGuestMemoryException if the budget cannot hold initialFrames
     * @throws IllegalArgumentException  if the sizes are out of range
     */
    public GuestMemory(int domid, MemoryBudget budget, long initialFrames, long maxFrames) {
        if (maxFrames <= 0 || maxFrames > (1L << 31) / FRAME_SIZE * 1024 || initialFrames < 0
                || initialFrames > maxFrames) {
            throw new IllegalArgumentException("domain " + domid + ": need 0 <= memory (" + initialFrames
                    + " frames) <= max (" + maxFrames + " frames) and max > 0 and at most 2 TiB");
        }
        if (!budget.tryCharge(initialFrames)) {
            throw new OutOfGuestMemoryException(budget.refusal(domid, initialFrames));
        }
        this.domid = domid;
        this.budget = budget;
        this.maxFrames = maxFrames;
        this.arena = Arena.ofShared();
        try {
            this.ram = NativePages.map(arena, maxFrames * FRAME_SIZE);
        } catch (RuntimeException e) {
            arena.close();
            budget.release(initialFrames);
            throw e;
        }
        this.populated = new BitSet((int) Math.min(maxFrames, Integer.MAX_VALUE));
        this.populated.set(0, (int) initialFrames);
        this.populatedCount = initialFrames;
        this.targetFrames = initialFrames;
    }

    /** The owning domain. */
    public int domid() {
        return domid;
    }

    @Override
    public long ramBase() {
        return org.paravane.api.abi.Platform.RAM_BASE;
    }

    @Override
    public MemorySegment ram() {
        return ram;
    }

    @Override
    public MemorySegment frameOutsideRam(long gfn) {
        return outsideRam.get(gfn);
    }

    @Override
    public synchronized boolean hasUnpopulatedRam() {
        return closed || populatedCount < maxFrames;
    }

    @Override
    public synchronized boolean isRamFramePopulated(long index) {
        return !closed && index >= 0 && index < maxFrames && populated.get((int) index);
    }

    /** First guest frame number of RAM. */
    public long firstRamGfn() {
        return ramBase() / FRAME_SIZE;
    }

    /** True when gfn is inside the RAM address range (populated or not). */
    public boolean isRamGfn(long gfn) {
        long idx = gfn - firstRamGfn();
        return idx >= 0 && idx < maxFrames;
    }

    /**
     * Allocates a zeroed page-aligned frame owned by this domain's arena (freed on close),
     * for hypervisor-owned pages such as shared_info and grant-table frames.
     */
    public synchronized MemorySegment allocateFrame() {
        checkOpen();
        return arena.allocate(FRAME_SIZE, FRAME_SIZE);
    }

    /**
     * Maps {@code frame} at {@code gfn} outside RAM (add_to_physmap), replacing whatever
     * was mapped there.
     *
     * @return false when gfn is inside RAM or negative (Paravane maps nothing over RAM)
     */
    public synchronized boolean mapOutsideRam(long gfn, MemorySegment frame) {
        checkOpen();
        if (gfn <= 0 || isRamGfn(gfn) || gfn > (1L << 44) || frame.byteSize() != FRAME_SIZE) {
            return false;
        }
        outsideRam = outsideRam.with(gfn, frame);
        return true;
    }

    /** Removes any frame mapped at gfn outside RAM; returns it or null. */
    public synchronized MemorySegment unmapOutsideRam(long gfn) {
        MemorySegment was = outsideRam.get(gfn);
        outsideRam = outsideRam.without(gfn);
        return was;
    }

    /** The gfn where {@code frame} is mapped outside RAM, or -1. */
    public long gfnOf(MemorySegment frame) {
        return outsideRam.gfnOf(frame);
    }

    /** True when every byte of [gpa, gpa+length) is in populated RAM frames. */
    public synchronized boolean isPopulatedRange(long gpa, long length) {
        if (closed || length < 0) {
            return false;
        }
        long off = gpa - ramBase();
        if (off < 0 || length > ram.byteSize() || off > ram.byteSize() - length) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        long first = off / FRAME_SIZE;
        long last = (off + length - 1) / FRAME_SIZE;
        int firstUnpopulated = populated.nextClearBit((int) first);
        return firstUnpopulated > last;
    }

    /** True when RAM frame gfn is populated. */
    public synchronized boolean isPopulated(long gfn) {
        return !closed && isRamGfn(gfn) && populated.get((int) (gfn - firstRamGfn()));
    }

    /**
     * Populates RAM frame gfn (populate_physmap / increase_reservation).
     *
     * @return 0, or a negative Xen errno: -EINVAL (not RAM), -EBUSY (already populated),
     *         -ENOMEM (host budget)
     */
    public synchronized int populate(long gfn) {
        if (closed || !isRamGfn(gfn)) {
            return -org.paravane.api.abi.XenErrno.EINVAL;
        }
        int idx = (int) (gfn - firstRamGfn());
        if (populated.get(idx)) {
            return -org.paravane.api.abi.XenErrno.EBUSY;
        }
        if (!budget.tryCharge(1)) {
            return -org.paravane.api.abi.XenErrno.ENOMEM;
        }
        populated.set(idx);
        populatedCount++;
        return 0;
    }

    /** The lowest unpopulated RAM gfn, or -1 when RAM is full (increase_reservation). */
    public synchronized long firstUnpopulatedGfn() {
        int idx = populated.nextClearBit(0);
        return idx < maxFrames ? firstRamGfn() + idx : -1;
    }

    /**
     * Gives RAM frame gfn back (decrease_reservation): its contents are discarded.
     *
     * @return 0, or -EINVAL when gfn is not a populated RAM frame
     */
    public synchronized int release(long gfn) {
        if (closed || !isRamGfn(gfn)) {
            return -org.paravane.api.abi.XenErrno.EINVAL;
        }
        int idx = (int) (gfn - firstRamGfn());
        if (!populated.get(idx)) {
            return -org.paravane.api.abi.XenErrno.EINVAL;
        }
        NativePages.discard(ram, (long) idx * FRAME_SIZE, FRAME_SIZE);
        populated.clear(idx);
        populatedCount--;
        budget.release(1);
        return 0;
    }

    /** Populated frames (Xen's tot_pages). */
    public synchronized long currentFrames() {
        return populatedCount;
    }

    /** The ceiling (Xen's max_pages). */
    public long maxFrames() {
        return maxFrames;
    }

    /** The balloon target set by the toolstack. */
    public synchronized long targetFrames() {
        return targetFrames;
    }

    /** Sets the balloon target (clamped to max). */
    public synchronized void setTargetFrames(long frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("negative memory target " + frames);
        }
        targetFrames = Math.min(frames, maxFrames);
    }

    /** True once closed. */
    public synchronized boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("memory of domain " + domid + " is released");
        }
    }

    /** Releases all memory of the domain and its budget charge. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        outsideRam = OutsideRamFrames.EMPTY;
        budget.release(populatedCount);
        populatedCount = 0;
        arena.close();
    }
}
