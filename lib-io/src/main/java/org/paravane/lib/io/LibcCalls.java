package org.paravane.lib.io;

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
 * What every FFM binding of libc in the project needs (the console's PTYs, the raw block
 * backend): downcall handles that capture errno, this thread's capture segment, and errno
 * turned into a readable IOException. The bindings themselves (which calls, their
 * descriptors and wrappers) stay with the part that uses them.
 *
 * <p>errno must be captured by the call itself ({@link Linker.Option#captureCallState}): the
 * JVM may run code that changes errno between a downcall's return and a later read.
 */
public final class LibcCalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));
    private static final MethodHandle STRERROR =
            plainCall("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private LibcCalls() {
    }

    private static MemorySegment find(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    /**
     * A handle for libc's {@code name} whose first argument is the capture segment
     * ({@link #callState()}), followed by the arguments of {@code fd}.
     */
    public static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(find(name), fd, options);
    }

    /** A handle for libc's {@code name} for calls that do not set errno. */
    public static MethodHandle plainCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(find(name), fd);
    }

    /** This thread's capture segment, the first argument of every {@link #errnoCall} handle. */
    public static MemorySegment callState() {
        return STATE.get();
    }

    /** The errno captured by this thread's last {@link #errnoCall} call. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** "what: strerror (errno N)". */
    public static IOException failure(String what, int errno) {
        return new IOException(what + ": " + strerror(errno) + " (errno " + errno + ")");
    }

    /** libc's message for {@code errno}, or "error N" if it cannot be had. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }

    /** A Throwable from {@code invokeExact} as an unchecked exception (Errors are thrown as they are). */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
