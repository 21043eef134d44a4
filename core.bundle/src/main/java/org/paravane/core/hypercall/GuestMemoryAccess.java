package org.paravane.core.hypercall;

/**
 * The calling domain's memory as a hypercall worker sees it: guest-physical addresses
 * (docs/abi.md: hypercall pointers are guest-physical), bounds-checked. Workers copy a
 * guest struct in once with these methods, check the copy, act, and copy results out.
 *
 * <p>Every method returns normally; an address outside the caller's memory yields
 * {@code false} (or {@link #FAULT} for reads), which the worker turns into -EFAULT.
 */
public interface GuestMemoryAccess {

    /** Returned by the read methods when the address is not readable guest memory. */
    long FAULT = Long.MIN_VALUE;

    /** True when [gpa, gpa+length) lies entirely in the caller's memory. */
    boolean isValid(long gpa, long length);

    /**
     * Copies {@code length} bytes at {@code gpa} into {@code dst[offset..]}.
     *
     * @return false (nothing copied) when the range is not guest memory
     */
    boolean read(long gpa, byte[] dst, int offset, int length);

    /**
     * Copies {@code src[offset..offset+length)} to {@code gpa}.
     *
     * @return false (nothing written) when the range is not guest memory
     */
    boolean write(long gpa, byte[] src, int offset, int length);

    /** Little-endian unsigned 32-bit value at gpa, or {@link #FAULT}. */
    long readU32(long gpa);

    /** Little-endian 64-bit value at gpa; {@link #FAULT} is returned only on a fault and is
     *  ambiguous with the value Long.MIN_VALUE, so check {@link #isValid} first where that matters. */
    long readU64(long gpa);

    /** Writes a little-endian 32-bit value; false on fault. */
    boolean writeU32(long gpa, int value);

    /** Writes a little-endian 64-bit value; false on fault. */
    boolean writeU64(long gpa, long value);
}
