package org.paravane.api.engine;

import java.lang.foreign.MemorySegment;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A domain's guest-physical address space as an engine sees it: one RAM segment at a
 * fixed base (the fast path) and individual 4 KiB frames mapped outside it, such as
 * shared_info and grant-table frames (the slow path).
 */
@ProviderType
public interface GuestPhysicalMemory {

    /** Size of a frame, 4 KiB. */
    int FRAME_SIZE = 4096;

    /** Guest-physical address of the first byte of RAM (0x8000_0000). */
    long ramBase();

    /** The RAM, off-heap; {@code ram().byteSize()} is the current RAM size. */
    MemorySegment ram();

    /**
     * The frame mapped at guest-physical frame number {@code gfn} outside RAM, or
     * {@code null} when nothing is mapped there (the access faults).
     */
    MemorySegment frameOutsideRam(long gfn);

    /**
     * True when some RAM frame is not populated (never populated, or given back with
     * {@code memory_op(decrease_reservation)}): an engine must then check
     * {@link #isRamFramePopulated} before it lets the guest reach a RAM page. Read again after
     * {@link Vcpu#invalidateMappings()}. The default, for memory without holes, is false.
     */
    default boolean hasUnpopulatedRam() {
        return false;
    }

    /**
     * True when RAM frame {@code index} (0 = the frame at {@link #ramBase()}) is populated.
     * A guest access to an unpopulated frame faults like an access outside guest memory.
     */
    default boolean isRamFramePopulated(long index) {
        return true;
    }
}
