package org.paravane.core.console;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.paravane.lib.io.LibcCalls;

/**
 * The few libc calls the console needs, bound with the Foreign Function &amp; Memory API
 * (no JNI). Every call that can fail captures {@code errno} right after the call
 * ({@link Linker.Option#captureCallState}), so the value is the call's own and not
 * overwritten by the JVM; failures become {@link IOException}s naming the call, the
 * argument and {@code strerror(errno)}. Linux only: the flag values below are Linux's
 * generic ones (x86-64, aarch64 and riscv64 agree).
 */
final class Posix {

    static final int O_RDWR = 0x2;
    static final int O_NOCTTY = 0x100;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int TCSANOW = 0;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    /** glibc's struct termios is 60 bytes; the buffer is larger so no libc can overrun it. */
    static final long TERMIOS_BYTES = 256;
    /** struct pollfd {int fd; short events; short revents;}. */
    static final long POLLFD_BYTES = 8;


    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle POSIX_OPENPT = LibcCalls.errnoCall("posix_openpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle GRANTPT = LibcCalls.errnoCall("grantpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle UNLOCKPT = LibcCalls.errnoCall("unlockpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle PTSNAME_R = LibcCalls.errnoCall("ptsname_r", FunctionDescriptor.of(I, I, P, L));
    private static final MethodHandle OPEN = LibcCalls.errnoCall("open", FunctionDescriptor.of(I, P, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = LibcCalls.errnoCall("poll", FunctionDescriptor.of(I, P, L, I));
    private static final MethodHandle FCNTL = LibcCalls.errnoCall("fcntl", FunctionDescriptor.of(I, I, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle TCGETATTR = LibcCalls.errnoCall("tcgetattr", FunctionDescriptor.of(I, I, P));
    private static final MethodHandle TCSETATTR = LibcCalls.errnoCall("tcsetattr", FunctionDescriptor.of(I, I, I, P));
    private static final MethodHandle CFMAKERAW = LibcCalls.plainCall("cfmakeraw", FunctionDescriptor.ofVoid(P));

    private Posix() {
    }

    /** The errno captured by the last call of this thread. */
    static int errno() {
        return LibcCalls.errno();
    }

    /** An IOException for a failed call: "what: strerror (errno N)". */
    static IOException failure(String what, int errno) {
        return LibcCalls.failure(what, errno);
    }

    static String strerror(int errno) {
        return LibcCalls.strerror(errno);
    }

    private static RuntimeException rethrow(Throwable t) {
        return LibcCalls.rethrow(t);
    }

    static int posixOpenpt(int flags) {
        try {
            return (int) POSIX_OPENPT.invokeExact(LibcCalls.callState(), flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int grantpt(int fd) {
        try {
            return (int) GRANTPT.invokeExact(LibcCalls.callState(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int unlockpt(int fd) {
        try {
            return (int) UNLOCKPT.invokeExact(LibcCalls.callState(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ptsname_r returns the error number itself (0 on success), not -1. */
    static int ptsnameR(int fd, MemorySegment buf) {
        try {
            return (int) PTSNAME_R.invokeExact(LibcCalls.callState(), fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int open(MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(LibcCalls.callState(), path, flags, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int poll(MemorySegment fds, long n, int timeoutMs) {
        try {
            return (int) POLL.invokeExact(LibcCalls.callState(), fds, n, timeoutMs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fcntl(int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(LibcCalls.callState(), fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int tcgetattr(int fd, MemorySegment termios) {
        try {
            return (int) TCGETATTR.invokeExact(LibcCalls.callState(), fd, termios);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int tcsetattr(int fd, int action, MemorySegment termios) {
        try {
            return (int) TCSETATTR.invokeExact(LibcCalls.callState(), fd, action, termios);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void cfmakeraw(MemorySegment termios) {
        try {
            CFMAKERAW.invokeExact(termios);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

}
