package org.paravane.backend.vhd;

/**
 * The steps of allocating a block in a dynamic or differencing image, in the order they
 * happen. After each step the file is a valid image (see {@code docs/vhd.md}, "Write
 * ordering"):
 *
 * <ol>
 *   <li>{@link #FOOTER_MOVED}: a copy of the footer is written past the new block, at the new
 *       end of the file. The old footer is still intact and nothing references the gap, so
 *       the file ends with a valid footer and reads as before.</li>
 *   <li>{@link #DATA_WRITTEN}: the guest's sectors are written into the new block's data
 *       area. Still unreferenced by the BAT: invisible.</li>
 *   <li>{@link #BITMAP_WRITTEN}: the block's sector bitmap is written over the old footer.
 *       Still unreferenced: invisible.</li>
 *   <li>{@link #DATA_SYNCED}: the file is forced to stable storage, so the block is durable
 *       before anything points at it (a power cut cannot leave a BAT entry pointing at a
 *       block whose bitmap or data never reached the disk).</li>
 *   <li>{@link #BAT_WRITTEN}: the block's BAT entry (4 bytes inside one sector, so the
 *       update is atomic) is written. From here the block and its data are visible.</li>
 * </ol>
 */
public enum AllocationStep {
    FOOTER_MOVED,
    DATA_WRITTEN,
    BITMAP_WRITTEN,
    DATA_SYNCED,
    BAT_WRITTEN;

    /**
     * Observes block allocation, for tests that simulate a crash after a given step by
     * throwing from {@link #reached}.
     */
    @FunctionalInterface
    public interface Observer {
        /** Called after {@code step} has been written. */
        void reached(AllocationStep step) throws java.io.IOException;

        /** An observer that does nothing. */
        Observer NONE = step -> { };
    }
}
