package org.paravane.core.grant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.paravane.api.abi.Platform;

/**
 * Atomic access to grant_entry_v1 {flags u16 @0, domid u16 @2, frame u32 @4} in a table
 * frame (facts §3.1). The guest writes the same entries concurrently, so flags and domid
 * are read together as one 32-bit word and changed only by compare-and-set on that word
 * (facts §3.2: Xen's CAS on the combined flags+domid word).
 */
final class GrantEntries {

    static final int ENTRY_SIZE = 8;
    static final int ENTRIES_PER_FRAME = Platform.PAGE_SIZE / ENTRY_SIZE;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private GrantEntries() {
    }

    /** The flags+domid word (flags in the low 16 bits, domid in the high 16). */
    static int header(MemorySegment tableFrame, int indexInFrame) {
        return (int) INT.getVolatile(tableFrame, (long) indexInFrame * ENTRY_SIZE);
    }

    static boolean casHeader(MemorySegment tableFrame, int indexInFrame, int expected, int update) {
        return INT.compareAndSet(tableFrame, (long) indexInFrame * ENTRY_SIZE, expected, update);
    }

    /** Clears flag bits atomically (the domid half is untouched). */
    static void clearFlags(MemorySegment tableFrame, int indexInFrame, int flags) {
        INT.getAndBitwiseAnd(tableFrame, (long) indexInFrame * ENTRY_SIZE, ~(flags & 0xFFFF));
    }

    /** Sets flag bits atomically. */
    static void setFlags(MemorySegment tableFrame, int indexInFrame, int flags) {
        INT.getAndBitwiseOr(tableFrame, (long) indexInFrame * ENTRY_SIZE, flags & 0xFFFF);
    }

    /** The frame field (u32), read once. */
    static long frame(MemorySegment tableFrame, int indexInFrame) {
        return Integer.toUnsignedLong((int) INT.getVolatile(tableFrame, (long) indexInFrame * ENTRY_SIZE + 4));
    }

    static int flagsOf(int header) {
        return header & 0xFFFF;
    }

    static int domidOf(int header) {
        return header >>> 16;
    }
}
