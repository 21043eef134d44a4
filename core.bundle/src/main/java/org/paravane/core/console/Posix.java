package org.paravane.core.console;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

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
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;
    /** glibc's struct termios is 60 bytes; the buffer is larger so no libc can overrun it. */
    static final long TERMIOS_BYTES = 256;
    /** struct pollfd {int fd; short events; short revents;}. */
    static final long POLLFD_BYTES = 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle POSIX_OPENPT = errnoCall("posix_openpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle GRANTPT = errnoCall("grantpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle UNLOCKPT = errnoCall("unlockpt", FunctionDescriptor.of(I, I));
    private static final MethodHandle PTSNAME_R = errnoCall("ptsname_r", FunctionDescriptor.of(I, I, P, L));
    private static final MethodHandle OPEN = errnoCall("open", FunctionDescriptor.of(I, P, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle POLL = errnoCall("poll", FunctionDescriptor.of(I, P, L, I));
    private static final MethodHandle FCNTL = errnoCall("fcntl", FunctionDescriptor.of(I, I, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle TCGETATTR = errnoCall("tcgetattr", FunctionDescriptor.of(I, I, P));
    private static final MethodHandle TCSETATTR = errnoCall("tcsetattr", FunctionDescriptor.of(I, I, I, P));
    private static final MethodHandle CFMAKERAW = LINKER.downcallHandle(find("cfmakeraw"), FunctionDescriptor.ofVoid(P));
    private static final MethodHandle EVENTFD = errnoCall("eventfd", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(find("strerror"), FunctionDescriptor.of(P, I));

    private Posix() {
    }

    private static MemorySegment find(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(find(name), fd, options);
    }

    /** The errno captured by the last call of this thread. */
    static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** An IOException for a failed call: "what: strerror (errno N)". */
    static IOException failure(String what, int errno) {
        return new IOException(what + ": " + strerror(errno) + " (errno " + errno + ")");
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    static int posixOpenpt(int flags) {
        try {
            return (int) POSIX_OPENPT.invokeExact(STATE.get(), flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int grantpt(int fd) {
        try {
            return (int) GRANTPT.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int unlockpt(int fd) {
        try {
            return (int) UNLOCKPT.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ptsname_r returns the error number itself (0 on success), not -1. */
    static int ptsnameR(int fd, MemorySegment buf) {
        try {
            return (int) PTSNAME_R.invokeExact(STATE.get(), fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int open(MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(STATE.get(), path, flags, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long read(int fd, MemorySegment buf, long n) {
        try {
            return (long) READ.invokeExact(STATE.get(), fd, buf, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long write(int fd, MemorySegment buf, long n) {
        try {
            return (long) WRITE.invokeExact(STATE.get(), fd, buf, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int poll(MemorySegment fds, long n, int timeoutMs) {
        try {
            return (int) POLL.invokeExact(STATE.get(), fds, n, timeoutMs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fcntl(int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(STATE.get(), fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int tcgetattr(int fd, MemorySegment termios) {
        try {
            return (int) TCGETATTR.invokeExact(STATE.get(), fd, termios);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int tcsetattr(int fd, int action, MemorySegment termios) {
        try {
            return (int) TCSETATTR.invokeExact(STATE.get(), fd, action, termios);
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

    static int eventfd(int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(STATE.get(), initval, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
