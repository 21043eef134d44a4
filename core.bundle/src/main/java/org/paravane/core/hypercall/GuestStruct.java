package org.paravane.core.hypercall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A guest struct copied in once (no double fetch): workers read every field from this copy,
 * check it, act, and write results back with {@link #copyOut}.
 */
final class GuestStruct {

    private final long gpa;
    private final ByteBuffer buf;

    private GuestStruct(long gpa, byte[] bytes) {
        this.gpa = gpa;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code size} bytes at {@code gpa}; null when that is not caller memory. */
    static GuestStruct copyIn(GuestMemoryAccess mem, long gpa, int size) {
        byte[] b = new byte[size];
        return mem.read(gpa, b, 0, size) ? new GuestStruct(gpa, b) : null;
    }

    int u16(int off) {
        return buf.getShort(off) & 0xFFFF;
    }

    long u32(int off) {
        return buf.getInt(off) & 0xFFFF_FFFFL;
    }

    long u64(int off) {
        return buf.getLong(off);
    }

    void putU16(int off, int v) {
        buf.putShort(off, (short) v);
    }

    void putU32(int off, long v) {
        buf.putInt(off, (int) v);
    }

    void putU64(int off, long v) {
        buf.putLong(off, v);
    }

    /** Writes the whole (possibly updated) struct back; false on fault. */
    boolean copyOut(GuestMemoryAccess mem) {
        return mem.write(gpa, buf.array(), 0, buf.capacity());
    }

    /** Writes bytes [off, off+len) back; false on fault. */
    boolean copyOut(GuestMemoryAccess mem, int off, int len) {
        return mem.write(gpa + off, buf.array(), off, len);
    }
}
