package org.paravane.backend.blockdev;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.paravane.lib.io.LibcCalls;

/**
 * The libc calls the raw backend needs, bound with the Foreign Function &amp; Memory API.
 * Each call captures {@code errno} right after it returns ({@link
 * Linker.Option#captureCallState}) so the value is the call's own. Linux only: the flag and
 * ioctl values are Linux's generic ones (x86-64, aarch64 and riscv64 agree).
 */
final class Libc {

    static final int O_RDONLY = 0;
    static final int O_RDWR = 0x2;
    static final int O_DIRECT = 0x4000;
    static final int O_CLOEXEC = 0x80000;
    static final int SEEK_END = 2;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;
    /** fallocate(2): keep the file size; needed together with PUNCH_HOLE. */
    static final int FALLOC_FL_KEEP_SIZE = 1;
    /** fallocate(2): deallocate the range; reads of it return zeros afterwards. */
    static final int FALLOC_FL_PUNCH_HOLE = 2;
    /** ioctl: device size in bytes, u64 ({@code _IOR(0x12, 114, size_t)}). */
    static final long BLKGETSIZE64 = 0x80081272L;
    /** ioctl: logical sector size, int ({@code _IO(0x12, 104)}). */
    static final long BLKSSZGET = 0x1268L;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int EROFS = 30;
    static final int EOPNOTSUPP = 95;
    static final int ENOSYS = 38;

    /** struct iovec {void *base; size_t len;}. */
    static final long IOVEC_BYTES = 16;
    /** IOV_MAX on Linux: preadv/pwritev take at most this many vectors. */
    static final int IOV_MAX = 1024;


    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle OPEN =
            LibcCalls.errnoCall("open", FunctionDescriptor.of(I, P, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle PREAD = LibcCalls.errnoCall("pread", FunctionDescriptor.of(L, I, P, L, L));
    private static final MethodHandle PWRITE = LibcCalls.errnoCall("pwrite", FunctionDescriptor.of(L, I, P, L, L));
    private static final MethodHandle PREADV = LibcCalls.errnoCall("preadv", FunctionDescriptor.of(L, I, P, I, L));
    private static final MethodHandle PWRITEV = LibcCalls.errnoCall("pwritev", FunctionDescriptor.of(L, I, P, I, L));
    private static final MethodHandle LSEEK = LibcCalls.errnoCall("lseek", FunctionDescriptor.of(L, I, L, I));
    private static final MethodHandle FALLOCATE = LibcCalls.errnoCall("fallocate", FunctionDescriptor.of(I, I, I, L, L));
    private static final MethodHandle FDATASYNC = LibcCalls.errnoCall("fdatasync", FunctionDescriptor.of(I, I));
    private static final MethodHandle IOCTL =
            LibcCalls.errnoCall("ioctl", FunctionDescriptor.of(I, I, L, P), Linker.Option.firstVariadicArg(2));
    /** syscall(2) with up to five arguments, all passed as longs (unused ones are ignored by the kernel). */
    private static final MethodHandle SYSCALL = LibcCalls.errnoCall("syscall",
            FunctionDescriptor.of(L, L, L, L, L, L, L), Linker.Option.firstVariadicArg(1));

    private Libc() {
    }

    /** The errno captured by this thread's last call. */
    static int errno() {
        return LibcCalls.errno();
    }

    /** "what: strerror (errno N)". */
    static IOException failure(String what, int errno) {
        return LibcCalls.failure(what, errno);
    }

    static String strerror(int errno) {
        return LibcCalls.strerror(errno);
    }

    private static RuntimeException rethrow(Throwable t) {
        return LibcCalls.rethrow(t);
    }

    static int open(MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(LibcCalls.callState(), path, flags, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long pread(int fd, MemorySegment buf, long n, long offset) {
        try {
            return (long) PREAD.invokeExact(LibcCalls.callState(), fd, buf, n, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long pwrite(int fd, MemorySegment buf, long n, long offset) {
        try {
            return (long) PWRITE.invokeExact(LibcCalls.callState(), fd, buf, n, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long preadv(int fd, MemorySegment iov, int count, long offset) {
        try {
            return (long) PREADV.invokeExact(LibcCalls.callState(), fd, iov, count, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long pwritev(int fd, MemorySegment iov, int count, long offset) {
        try {
            return (long) PWRITEV.invokeExact(LibcCalls.callState(), fd, iov, count, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long lseek(int fd, long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(LibcCalls.callState(), fd, offset, whence);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fallocate(int fd, int mode, long offset, long length) {
        try {
            return (int) FALLOCATE.invokeExact(LibcCalls.callState(), fd, mode, offset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fdatasync(int fd) {
        try {
            return (int) FDATASYNC.invokeExact(LibcCalls.callState(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A raw system call; -1 with errno set on failure, as libc's {@code syscall(2)}. */
    static long syscall(long number, long a, long b, long c, long d, long e) {
        try {
            return (long) SYSCALL.invokeExact(LibcCalls.callState(), number, a, b, c, d, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ioctl(int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(LibcCalls.callState(), fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
