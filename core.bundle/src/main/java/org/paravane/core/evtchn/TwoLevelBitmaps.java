package org.paravane.core.evtchn;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Atomic bit operations on the 2-level event-channel words in shared memory (docs/abi.md
 * §5.1, facts §2.4). The guest updates the same words from its own vCPU threads, so every
 * read-modify-write is one atomic operation on an aligned 64-bit word (a {@link VarHandle}
 * over the {@link MemorySegment}); byte fields are updated by a compare-and-set of the
 * aligned word that contains them.
 */
public final class TwoLevelBitmaps {

    /** Offset of evtchn_pending[64] in shared_info (RISC-V LP64). */
    public static final long PENDING_OFFSET = 48;
    /** Offset of evtchn_mask[64] in shared_info (RISC-V LP64). */
    public static final long MASK_OFFSET = 560;
    /** Bytes of shared_info the bitmaps need. */
    public static final long SHARED_INFO_MIN_SIZE = 1088;
    /** Offset of evtchn_upcall_pending (u8) in vcpu_info. */
    public static final long UPCALL_PENDING_OFFSET = 0;
    /** Offset of evtchn_pending_sel (u64) in vcpu_info. */
    public static final long PENDING_SEL_OFFSET = 8;
    /** Size of vcpu_info (RISC-V LP64). */
    public static final long VCPU_INFO_SIZE = 48;

    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    private TwoLevelBitmaps() {
    }

    private static long wordOffset(long base, int bitIndex) {
        return base + 8L * (bitIndex >>> 6);
    }

    private static long bit(int bitIndex) {
        return 1L << (bitIndex & 63);
    }

    /** Sets pending bit {@code port}; true if it was already set. */
    public static boolean testAndSetPending(MemorySegment sharedInfo, int port) {
        long old = (long) WORD.getAndBitwiseOr(sharedInfo, wordOffset(PENDING_OFFSET, port), bit(port));
        return (old & bit(port)) != 0;
    }

    /** Clears pending bit {@code port}; true if it was set. */
    public static boolean testAndClearPending(MemorySegment sharedInfo, int port) {
        long old = (long) WORD.getAndBitwiseAnd(sharedInfo, wordOffset(PENDING_OFFSET, port), ~bit(port));
        return (old & bit(port)) != 0;
    }

    /** Reads pending bit {@code port}. */
    public static boolean isPending(MemorySegment sharedInfo, int port) {
        return ((long) WORD.getVolatile(sharedInfo, wordOffset(PENDING_OFFSET, port)) & bit(port)) != 0;
    }

    /** Reads mask bit {@code port}. */
    public static boolean isMasked(MemorySegment sharedInfo, int port) {
        return ((long) WORD.getVolatile(sharedInfo, wordOffset(MASK_OFFSET, port)) & bit(port)) != 0;
    }

    /** Sets mask bit {@code port}; true if it was already set. */
    public static boolean testAndSetMask(MemorySegment sharedInfo, int port) {
        long old = (long) WORD.getAndBitwiseOr(sharedInfo, wordOffset(MASK_OFFSET, port), bit(port));
        return (old & bit(port)) != 0;
    }

    /** Clears mask bit {@code port}; true if it was set. */
    public static boolean testAndClearMask(MemorySegment sharedInfo, int port) {
        long old = (long) WORD.getAndBitwiseAnd(sharedInfo, wordOffset(MASK_OFFSET, port), ~bit(port));
        return (old & bit(port)) != 0;
    }

    /** Word {@code index} (0..63) of evtchn_pending. */
    public static long pendingWord(MemorySegment sharedInfo, int index) {
        return (long) WORD.getVolatile(sharedInfo, PENDING_OFFSET + 8L * index);
    }

    /** Word {@code index} (0..63) of evtchn_mask. */
    public static long maskWord(MemorySegment sharedInfo, int index) {
        return (long) WORD.getVolatile(sharedInfo, MASK_OFFSET + 8L * index);
    }

    /** Sets selector bit {@code index} in vcpu_info's evtchn_pending_sel; true if it was set. */
    public static boolean testAndSetSelector(MemorySegment vcpuInfo, int index) {
        long old = (long) WORD.getAndBitwiseOr(vcpuInfo, PENDING_SEL_OFFSET, bit(index));
        return (old & bit(index)) != 0;
    }

    /** Sets every bit of evtchn_pending_sel (after a vcpu_info move, so nothing is lost). */
    public static void setAllSelectors(MemorySegment vcpuInfo) {
        WORD.getAndBitwiseOr(vcpuInfo, PENDING_SEL_OFFSET, -1L);
    }

    /** Atomically exchanges evtchn_pending_sel with 0 (guest-side consumption, facts §2.5). */
    public static long takeSelector(MemorySegment vcpuInfo) {
        return (long) WORD.getAndSet(vcpuInfo, PENDING_SEL_OFFSET, 0L);
    }

    /** Reads evtchn_pending_sel. */
    public static long selector(MemorySegment vcpuInfo) {
        return (long) WORD.getVolatile(vcpuInfo, PENDING_SEL_OFFSET);
    }

    /**
     * Sets evtchn_upcall_pending to 1; true if it was already nonzero. The byte lives in the
     * low 8 bits of the little-endian word at offset 0, next to bytes the guest owns, so the
     * update is a compare-and-set loop on that word.
     */
    public static boolean testAndSetUpcallPending(MemorySegment vcpuInfo) {
        while (true) {
            long old = (long) WORD.getVolatile(vcpuInfo, UPCALL_PENDING_OFFSET);
            if ((old & 0xFFL) != 0) {
                return true;
            }
            if (WORD.compareAndSet(vcpuInfo, UPCALL_PENDING_OFFSET, old, old | 1L)) {
                return false;
            }
        }
    }

    /** Clears evtchn_upcall_pending; true if it was nonzero. */
    public static boolean testAndClearUpcallPending(MemorySegment vcpuInfo) {
        while (true) {
            long old = (long) WORD.getVolatile(vcpuInfo, UPCALL_PENDING_OFFSET);
            if ((old & 0xFFL) == 0) {
                return false;
            }
            if (WORD.compareAndSet(vcpuInfo, UPCALL_PENDING_OFFSET, old, old & ~0xFFL)) {
                return true;
            }
        }
    }

    /** Reads evtchn_upcall_pending (nonzero = set). */
    public static boolean isUpcallPending(MemorySegment vcpuInfo) {
        return ((long) WORD.getVolatile(vcpuInfo, UPCALL_PENDING_OFFSET) & 0xFFL) != 0;
    }

    /** True when {@code seg} can hold the 2-level bitmaps: big enough and 8-byte aligned. */
    public static boolean usableSharedInfo(MemorySegment seg) {
        return seg != null && seg.byteSize() >= SHARED_INFO_MIN_SIZE && (seg.address() & 7) == 0;
    }

    /** True when {@code seg} can serve as a vcpu_info: 48 bytes and 8-byte aligned. */
    public static boolean usableVcpuInfo(MemorySegment seg) {
        return seg != null && seg.byteSize() >= 16 && (seg.address() & 7) == 0;
    }
}
