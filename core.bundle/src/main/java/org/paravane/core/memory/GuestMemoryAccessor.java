package org.paravane.core.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.paravane.core.hypercall.GuestMemoryAccess;

/**
 * {@link GuestMemoryAccess} over one domain's {@link GuestMemory}: guest-physical
 * addresses in populated RAM frames only (docs/abi.md §1: hypercall pointers are
 * guest-physical; the hypervisor walks no guest page table). Never throws: a bad range is
 * a {@code false} / {@link #FAULT} result.
 */
public final class GuestMemoryAccessor implements GuestMemoryAccess {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private final GuestMemory memory;

    /** Access to {@code memory}. */
    public GuestMemoryAccessor(GuestMemory memory) {
        this.memory = memory;
    }

    @Override
    public boolean isValid(long gpa, long length) {
        return memory.isPopulatedRange(gpa, length);
    }

    private MemorySegment slice(long gpa, long length) {
        if (!memory.isPopulatedRange(gpa, length)) {
            return null;
        }
        try {
            return memory.ram().asSlice(gpa - memory.ramBase(), length);
        } catch (IllegalStateException e) {
            return null; // the arena closed under us: the domain is being destroyed
        }
    }

    @Override
    public boolean read(long gpa, byte[] dst, int offset, int length) {
        if (offset < 0 || length < 0 || offset > dst.length - length) {
            return false;
        }
        MemorySegment s = slice(gpa, length);
        if (s == null) {
            return false;
        }
        try {
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, dst, offset, length);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public boolean write(long gpa, byte[] src, int offset, int length) {
        if (offset < 0 || length < 0 || offset > src.length - length) {
            return false;
        }
        MemorySegment s = slice(gpa, length);
        if (s == null) {
            return false;
        }
        try {
            MemorySegment.copy(src, offset, s, ValueLayout.JAVA_BYTE, 0, length);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public long readU32(long gpa) {
        MemorySegment s = slice(gpa, 4);
        try {
            return s == null ? FAULT : Integer.toUnsignedLong(s.get(U32, 0));
        } catch (IllegalStateException e) {
            return FAULT;
        }
    }

    @Override
    public long readU64(long gpa) {
        MemorySegment s = slice(gpa, 8);
        try {
            return s == null ? FAULT : s.get(U64, 0);
        } catch (IllegalStateException e) {
            return FAULT;
        }
    }

    @Override
    public boolean writeU32(long gpa, int value) {
        MemorySegment s = slice(gpa, 4);
        if (s == null) {
            return false;
        }
        try {
            s.set(U32, 0, value);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public boolean writeU64(long gpa, long value) {
        MemorySegment s = slice(gpa, 8);
        if (s == null) {
            return false;
        }
        try {
            s.set(U64, 0, value);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
