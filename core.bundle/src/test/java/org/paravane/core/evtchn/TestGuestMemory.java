package org.paravane.core.evtchn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.paravane.core.hypercall.GuestMemoryAccess;

/**
 * A guest's RAM for dispatcher tests: a real off-heap segment at guest-physical
 * 0x8000_0000 (docs/abi.md), bounds-checked as the real memory layer does.
 */
public final class TestGuestMemory implements GuestMemoryAccess, AutoCloseable {

    /** Guest-physical address of the first RAM byte. */
    public static final long BASE = 0x8000_0000L;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment ram;

    /** RAM of {@code bytes} bytes. */
    public TestGuestMemory(long bytes) {
        ram = arena.allocate(bytes, 4096);
    }

    /** The RAM segment. */
    public MemorySegment ram() {
        return ram;
    }

    @Override
    public boolean isValid(long gpa, long length) {
        return length >= 0 && gpa >= BASE && gpa - BASE <= ram.byteSize() - length;
    }

    @Override
    public boolean read(long gpa, byte[] dst, int offset, int length) {
        if (!isValid(gpa, length)) {
            return false;
        }
        MemorySegment.copy(ram, ValueLayout.JAVA_BYTE, gpa - BASE, dst, offset, length);
        return true;
    }

    @Override
    public boolean write(long gpa, byte[] src, int offset, int length) {
        if (!isValid(gpa, length)) {
            return false;
        }
        MemorySegment.copy(src, offset, ram, ValueLayout.JAVA_BYTE, gpa - BASE, length);
        return true;
    }

    @Override
    public long readU32(long gpa) {
        return isValid(gpa, 4) ? Integer.toUnsignedLong(ram.get(ValueLayout.JAVA_INT_UNALIGNED, gpa - BASE)) : FAULT;
    }

    @Override
    public long readU64(long gpa) {
        return isValid(gpa, 8) ? ram.get(ValueLayout.JAVA_LONG_UNALIGNED, gpa - BASE) : FAULT;
    }

    @Override
    public boolean writeU32(long gpa, int value) {
        if (!isValid(gpa, 4)) {
            return false;
        }
        ram.set(ValueLayout.JAVA_INT_UNALIGNED, gpa - BASE, value);
        return true;
    }

    @Override
    public boolean writeU64(long gpa, long value) {
        if (!isValid(gpa, 8)) {
            return false;
        }
        ram.set(ValueLayout.JAVA_LONG_UNALIGNED, gpa - BASE, value);
        return true;
    }

    /** u16 at gpa. */
    public int u16(long gpa) {
        return Short.toUnsignedInt(ram.get(ValueLayout.JAVA_SHORT_UNALIGNED, gpa - BASE));
    }

    /** i16 at gpa. */
    public short i16(long gpa) {
        return ram.get(ValueLayout.JAVA_SHORT_UNALIGNED, gpa - BASE);
    }

    /** u32 at gpa. */
    public long u32(long gpa) {
        return readU32(gpa);
    }

    /** Writes a u16 at gpa. */
    public void putU16(long gpa, int v) {
        ram.set(ValueLayout.JAVA_SHORT_UNALIGNED, gpa - BASE, (short) v);
    }

    @Override
    public void close() {
        arena.close();
    }
}
