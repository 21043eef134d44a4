package org.paravane.core.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import org.paravane.lib.io.HugePages;
import org.paravane.lib.io.Mman;

/**
 * Page-granular off-heap memory. On Linux it maps anonymous, lazily committed pages
 * ({@code mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE)} through the FFM API), so a 16 MiB
 * domain costs host memory only for the frames its guest touches, and a ballooned-out
 * frame is returned to the host with {@code madvise(MADV_DONTNEED)} (it reads as zero
 * afterwards). Elsewhere, or if the native calls are unavailable, it falls back to
 * {@link Arena#allocate}, which commits and zeroes everything.
 *
 * <p>Keeps a count of live mappings and bytes, which the leak tests check.
 */
public final class NativePages {

    /** The transparent huge page size ({@link HugePages#SIZE}). */
    public static final long HUGE_PAGE = HugePages.SIZE;

    private static final AtomicLong LIVE_MAPPINGS = new AtomicLong();
    private static final AtomicLong LIVE_BYTES = new AtomicLong();

    private NativePages() {
    }

    /** True when lazily committed mmap memory is in use (else committed Arena memory). */
    public static boolean lazy() {
        return Mman.available();
    }

    /**
     * Maps {@code bytes} (a multiple of 4 KiB) of zeroed memory owned by {@code arena}:
     * closing the arena unmaps it.
     */
    public static MemorySegment map(Arena arena, long bytes) {
        checkSize(bytes);
        MemorySegment seg;
        if (Mman.available()) {
            long addr = mmapAnonymous(bytes);
            seg = MemorySegment.ofAddress(addr).reinterpret(bytes, arena, s -> unmap(s.address(), bytes));
        } else {
            seg = arena.allocate(bytes, GuestMemory.FRAME_SIZE);
            MemorySegment.ofAddress(seg.address()).reinterpret(0, arena, s -> forget(bytes));
        }
        LIVE_MAPPINGS.incrementAndGet();
        LIVE_BYTES.addAndGet(bytes);
        return seg;
    }

    /**
     * Like {@link #map}, but the memory starts on a 2 MiB boundary and is advised
     * {@code MADV_HUGEPAGE} ({@link HugePages}), so each touched 2 MiB of it is one physically
     * contiguous huge page where transparent huge pages are enabled. Why that matters for
     * {@code O_DIRECT} I/O: {@link HugePages}. Falls back to {@link #map} off Linux.
     */
    public static MemorySegment mapHuge(Arena arena, long bytes) {
        if (!HugePages.available()) {
            return map(arena, bytes);
        }
        checkSize(bytes);
        long span = HugePages.reserved(bytes);
        MemorySegment seg = HugePages.map(arena, bytes, () -> forget(span));
        LIVE_MAPPINGS.incrementAndGet();
        LIVE_BYTES.addAndGet(span);
        return seg;
    }

    private static void checkSize(long bytes) {
        if (bytes <= 0 || bytes % GuestMemory.FRAME_SIZE != 0) {
            throw new IllegalArgumentException("mapping size must be a positive multiple of 4096, was " + bytes);
        }
    }

    /** Lazily committed private anonymous memory; its address. */
    private static long mmapAnonymous(long bytes) {
        long addr = Mman.mapAnonymous(bytes);
        if (addr == 0) {
            throw new OutOfGuestMemoryException("mmap of " + bytes + " bytes failed");
        }
        return addr;
    }

    private static void unmap(long address, long bytes) {
        Mman.unmap(address, bytes);
        forget(bytes);
    }

    private static void forget(long bytes) {
        LIVE_MAPPINGS.decrementAndGet();
        LIVE_BYTES.addAndGet(-bytes);
    }

    /** Zeroes frames [offset, offset+bytes) and, with lazy memory, hands them back to the host. */
    public static void discard(MemorySegment seg, long offset, long bytes) {
        if (Mman.available() && Mman.advise(seg.address() + offset, bytes, Mman.MADV_DONTNEED)) {
            return; // anonymous private pages read as zero after MADV_DONTNEED
        }
        seg.asSlice(offset, bytes).fill((byte) 0);
    }

    /** Live mappings made by {@link #map} and not yet released. */
    public static long liveMappings() {
        return LIVE_MAPPINGS.get();
    }

    /** Bytes of live mappings. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }
}
