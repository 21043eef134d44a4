package org.paravane.lib.io;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Linux's {@code mmap}, {@code munmap} and {@code madvise} for private anonymous memory,
 * through the FFM API: guest RAM ({@code NativePages}), huge-page buffers ({@link HugePages}).
 * Off Linux, or where the calls cannot be bound, {@link #available()} is false and callers
 * fall back to arena memory.
 */
public final class Mman {

    /** Pages read as zero afterwards and go back to the host (private anonymous memory). */
    public static final int MADV_DONTNEED = 4;
    /** Back the range with transparent huge pages where enabled. */
    public static final int MADV_HUGEPAGE = 14;

    // Linux generic values (x86-64, aarch64, riscv64 agree): mman-common.h.
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANON_NORESERVE = 0x02 | 0x20 | 0x4000;

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

    private Mman() {
    }

    /** Whether the three calls are bound (Linux). */
    public static boolean available() {
        return MMAP != null && MUNMAP != null && MADVISE != null;
    }

    /**
     * Maps {@code bytes} of lazily committed, zeroed, private anonymous memory ({@code
     * MAP_NORESERVE}: host memory is used only for pages touched). Returns its address, or 0
     * when the kernel refuses.
     */
    public static long mapAnonymous(long bytes) {
        long addr;
        try {
            addr = (long) MMAP.invokeExact(0L, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANON_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap failed", t);
        }
        return addr == -1L ? 0 : addr;
    }

    /** Unmaps what {@link #mapAnonymous} returned. */
    public static void unmap(long address, long bytes) {
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

    /** {@code madvise(address, bytes, advice)}; true when the kernel took the advice. */
    public static boolean advise(long address, long bytes, int advice) {
        try {
            return (int) MADVISE.invokeExact(address, bytes, advice) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
