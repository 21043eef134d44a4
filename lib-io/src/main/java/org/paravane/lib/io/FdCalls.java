package org.paravane.lib.io;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The descriptor calls more than one part needs ({@code read}, {@code write}, {@code close},
 * {@code eventfd}): the console daemon's PTYs and wake-up eventfd, the raw block backend's
 * files and AIO doorbell. Each captures errno like every {@link LibcCalls#errnoCall}; read it
 * with {@link LibcCalls#errno()}. Linux values for the eventfd flags (they are {@code
 * O_NONBLOCK} and {@code O_CLOEXEC}, which x86-64, aarch64 and riscv64 share).
 */
public final class FdCalls {

    /** {@code eventfd(2)}: reads and writes fail with EAGAIN instead of blocking. */
    public static final int EFD_NONBLOCK = 0x800;
    /** {@code eventfd(2)}: closed on exec. */
    public static final int EFD_CLOEXEC = 0x80000;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle CLOSE = LibcCalls.errnoCall("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle READ = LibcCalls.errnoCall("read", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle WRITE = LibcCalls.errnoCall("write", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle EVENTFD = LibcCalls.errnoCall("eventfd", FunctionDescriptor.of(I, I, I));

    private FdCalls() {
    }

    /** {@code close(2)}; 0, or -1 with errno. Never retried: on Linux the descriptor is gone even after EINTR. */
    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(LibcCalls.callState(), fd);
        } catch (Throwable t) {
            throw LibcCalls.rethrow(t);
        }
    }

    /** {@code read(2)} of at most {@code n} bytes; the count, or -1 with errno. */
    public static long read(int fd, MemorySegment buf, long n) {
        try {
            return (long) READ.invokeExact(LibcCalls.callState(), fd, buf, n);
        } catch (Throwable t) {
            throw LibcCalls.rethrow(t);
        }
    }

    /** {@code write(2)} of at most {@code n} bytes; the count, or -1 with errno. */
    public static long write(int fd, MemorySegment buf, long n) {
        try {
            return (long) WRITE.invokeExact(LibcCalls.callState(), fd, buf, n);
        } catch (Throwable t) {
            throw LibcCalls.rethrow(t);
        }
    }

    /** {@code eventfd(2)}; the descriptor, or -1 with errno. */
    public static int eventfd(int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(LibcCalls.callState(), initial, flags);
        } catch (Throwable t) {
            throw LibcCalls.rethrow(t);
        }
    }
}
