package org.paravane.lib.io;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

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

    // Linux generic values (x86-64, aarch64, riscv64 agree): mman-common.h.
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANON_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final int MADV_HUGEPAGE = 14;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            try {
                mmap = LibcCalls.plainCall("mmap", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG));
                munmap = LibcCalls.plainCall("munmap",
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
                madvise = LibcCalls.plainCall("madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            } catch (RuntimeException | LinkageError e) {
                mmap = null;
                munmap = null;
                madvise = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    private HugePages() {
    }

    /** True when the memory comes from {@code mmap} with the huge-page advice (else plain arena memory). */
    public static boolean available() {
        return MMAP != null;
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
        if (MMAP == null) {
            MemorySegment seg = arena.allocate(bytes, 4096);
            if (afterUnmap != null) {
                MemorySegment.ofAddress(seg.address()).reinterpret(0, arena, s -> afterUnmap.run());
            }
            return seg;
        }
        long span = reserved(bytes);
        long addr;
        try {
            addr = (long) MMAP.invokeExact(0L, span, PROT_READ_WRITE, MAP_PRIVATE_ANON_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap of " + span + " bytes failed", t);
        }
        if (addr == -1L || addr == 0L) {
            throw new IllegalStateException("mmap of " + span + " bytes failed");
        }
        long aligned = (addr + SIZE - 1) & -SIZE;
        try {
            int rc = (int) MADVISE.invokeExact(aligned, bytes, MADV_HUGEPAGE);
            assert rc == 0 || rc == -1; // -1: THP off in this kernel; the pages stay small
        } catch (Throwable t) {
            // advice only
        }
        return MemorySegment.ofAddress(aligned).reinterpret(bytes, arena, s -> {
            unmap(addr, span);
            if (afterUnmap != null) {
                afterUnmap.run();
            }
        });
    }

    /** Address space that {@link #map} reserves for {@code bytes} (with mmap; else {@code bytes}). */
    public static long reserved(long bytes) {
        return MMAP == null ? bytes : bytes + SIZE;
    }

    private static void unmap(long address, long bytes) {
        int rc;
        try {
            rc = (int) MUNMAP.invokeExact(address, bytes);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("munmap failed for " + bytes + " bytes");
        }
    }
}
