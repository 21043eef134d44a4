package org.paravane.lib.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Anonymous memory that starts on a 2 MiB boundary and is advised {@code MADV_HUGEPAGE}, so
 * that with transparent huge pages enabled ({@code always} or {@code madvise} in {@code
 * /sys/kernel/mm/transparent_hugepage/enabled}) each touched 2 MiB of it is one physically
 * contiguous page.
 *
 * <p>Why it matters for I/O: the kernel builds an {@code O_DIRECT} request from the physical
 * pages of the user buffer, and a device takes a bounded number of segments per request
 * ({@code /sys/block/DEV/queue/max_segments}; virtio-blk's {@code seg_max}). A 1 MiB buffer of
 * scattered 4 KiB pages is 256 segments; a buffer inside one huge page is one
 * (docs/benchmarks.md, "Huge-page buffers"). Where the advice is refused the memory still
 * works, only in small pages. Off Linux, or without the native calls, it is plain arena
 * memory.
 */
public final class HugePages {

    /** The transparent huge page size of x86-64, aarch64 (4 KiB granule) and riscv64 Sv39+. */
    public static final long SIZE = 2L << 20;

    private HugePages() {
    }

    /** True when the memory comes from {@code mmap} with the huge-page advice (else plain arena memory). */
    public static boolean available() {
        return Mman.available();
    }

    /**
     * Maps {@code bytes} (a positive multiple of 4 KiB) of zeroed memory owned by {@code
     * arena}: closing the arena unmaps it, then runs {@code afterUnmap} (bookkeeping; may be
     * null). The mapping reserves {@link #SIZE} more than asked, to move its start to a 2 MiB
     * boundary; {@link #reserved} says how much.
     *
     * @throws IllegalArgumentException if {@code bytes} is not whole 4 KiB pages
     * @throws IllegalStateException    if the kernel refuses the mapping
     */
    public static MemorySegment map(Arena arena, long bytes, Runnable afterUnmap) {
        if (bytes <= 0 || bytes % 4096 != 0) {
            throw new IllegalArgumentException("mapping size must be a positive multiple of 4096, was " + bytes);
        }
        if (!Mman.available()) {
            MemorySegment seg = arena.allocate(bytes, 4096);
            if (afterUnmap != null) {
                MemorySegment.ofAddress(seg.address()).reinterpret(0, arena, s -> afterUnmap.run());
            }
            return seg;
        }
        long span = reserved(bytes);
        long addr = Mman.mapAnonymous(span);
        if (addr == 0) {
            throw new IllegalStateException("mmap of " + span + " bytes failed");
        }
        long aligned = (addr + SIZE - 1) & -SIZE;
        Mman.advise(aligned, bytes, Mman.MADV_HUGEPAGE); // refused where THP is off: the pages stay small
        return MemorySegment.ofAddress(aligned).reinterpret(bytes, arena, s -> {
            Mman.unmap(addr, span);
            if (afterUnmap != null) {
                afterUnmap.run();
            }
        });
    }

    /** Address space that {@link #map} reserves for {@code bytes} (with mmap; else {@code bytes}). */
    public static long reserved(long bytes) {
        return Mman.available() ? bytes + SIZE : bytes;
    }
}
