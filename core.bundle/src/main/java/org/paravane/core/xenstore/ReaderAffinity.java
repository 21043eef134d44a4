package org.paravane.core.xenstore;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;
import org.paravane.lib.io.LibcCalls;

/**
 * Pins the calling thread to a set of host CPUs ({@code sched_setaffinity(2)} with pid 0,
 * which Linux applies to the calling thread only), and parses the CPU lists operators write
 * ({@code "0"}, {@code "0-1,3"}, the format of {@code taskset -c} and of
 * {@code /proc/self/status} "Cpus_allowed_list").
 *
 * <p>Why xenstored wants it: on a virtual machine whose idle vCPUs halt, a reply that wakes
 * a client sleeping on another CPU waits for that CPU to come out of halt (about 45 us a
 * round trip on the project's 2-vCPU machine, docs/benchmarks.md); a client on the reader's
 * own CPU is woken by a plain context switch. Pinning the readers and running a heavy client
 * on the same CPU ({@code taskset -c N}) is the operator's way to get that.
 */
public final class ReaderAffinity {

    /** Most CPUs a list may name (the size of glibc's cpu_set_t). */
    public static final int MAX_CPUS = 1024;

    private static final MethodHandle SCHED_SETAFFINITY = LibcCalls.errnoCall("sched_setaffinity",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private ReaderAffinity() {
    }

    /**
     * Parses a CPU list such as {@code "0"}, {@code "1,3"} or {@code "0-2,5"}.
     *
     * @param what names the setting in the error message
     * @throws IllegalArgumentException naming {@code what} and the bad part of {@code list}
     */
    public static BitSet parse(String what, String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException(what + " is empty (expected a CPU list such as 0 or 0-1,3)");
        }
        BitSet cpus = new BitSet();
        for (String part : list.strip().split(",", -1)) {
            String p = part.strip();
            int dash = p.indexOf('-');
            int from = cpu(what, list, dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : cpu(what, list, p.substring(dash + 1));
            if (to < from) {
                throw new IllegalArgumentException(what + " '" + list + "': range " + p + " runs backwards");
            }
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    private static int cpu(String what, String list, String s) {
        if (!s.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException(what + " '" + list + "': '" + s + "' is not a CPU number");
        }
        int v = Integer.parseInt(s);
        if (v >= MAX_CPUS) {
            throw new IllegalArgumentException(what + " '" + list + "': CPU " + v + " is beyond " + (MAX_CPUS - 1));
        }
        return v;
    }

    /**
     * Restricts the calling thread to {@code cpus}.
     *
     * @return null on success, else why it failed (the kernel's refusal, e.g. a CPU that is
     *     offline or outside the process's cpuset)
     */
    public static String pinCurrentThread(BitSet cpus) {
        if (cpus.isEmpty()) {
            return "no CPU given";
        }
        long[] words = cpus.toLongArray();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MAX_CPUS / 8, 8);
            MemorySegment.copy(words, 0, mask, ValueLayout.JAVA_LONG, 0, words.length);
            int rc = (int) SCHED_SETAFFINITY.invokeExact(LibcCalls.callState(), 0, mask.byteSize(), mask);
            return rc == 0 ? null
                    : "sched_setaffinity refused CPUs " + cpus + ": " + LibcCalls.strerror(LibcCalls.errno());
        } catch (Throwable t) {
            return "sched_setaffinity failed: " + t;
        }
    }
}
