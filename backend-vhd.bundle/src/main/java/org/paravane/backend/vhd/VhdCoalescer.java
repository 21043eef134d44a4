package org.paravane.backend.vhd;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.paravane.api.blk.BlockIoException;

/**
 * Merges a differencing image into its parent: every sector the child holds (its bitmap
 * bit is set) is written into the parent, through the parent's ordinary write path (so
 * the parent's own block allocation keeps its crash ordering). Afterwards the parent alone
 * has the content the chain had, and the child is redundant: it still reads the same,
 * and can be deleted or kept as an empty overlay.
 *
 * <p>A crash part-way leaves the chain reading exactly as before (the child's sectors hide
 * the parent's); running the coalesce again finishes it.
 */
public final class VhdCoalescer {

    private VhdCoalescer() {}

    /**
     * Coalesces {@code child} into its parent; returns the number of sectors copied.
     *
     * @throws BlockIoException when the child is not a differencing image, or on any
     *     problem of either image
     */
    public static long coalesce(Path child) throws BlockIoException {
        return coalesce(child, AllocationStep.Observer.NONE);
    }

    /** {@link #coalesce(Path)}, observing the parent's block allocations (crash tests). */
    public static long coalesce(Path child, AllocationStep.Observer parentAllocations) throws BlockIoException {
        Path parentPath;
        try (VhdImage c = VhdChain.open(child, false, SizeSource.AUTO)) {
            if (c.footer().diskType() != Vhd.TYPE_DIFFERENCING) {
                throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                        child + ": not a differencing image, nothing to coalesce");
            }
            parentPath = c.parent().path();
            if (c.footer().currentSize() > c.parent().footer().currentSize()) {
                // The child was grown after the snapshot: grow the parent first so no sector is dropped.
                VhdResizer.grow(parentPath, c.footer().currentSize());
            }
        }
        try (VhdImage c = VhdImage.open(child, false, SizeSource.AUTO);
             VhdImage p = VhdChain.open(parentPath, true, SizeSource.AUTO)) {
            p.observeAllocation(parentAllocations);
            VhdHeader h = c.header();
            int spb = h.sectorsPerBlock();
            int[] bat = c.bat();
            long copied = 0;
            byte[] buffer = new byte[h.blockSize()];
            MemorySegment seg = MemorySegment.ofArray(buffer);
            for (int b = 0; b < bat.length; b++) {
                if (bat[b] == Vhd.BAT_UNUSED) {
                    continue;
                }
                byte[] bitmap = c.bitmap(b, bat[b]);
                int i = 0;
                while (i < spb) {
                    if (!VhdImage.bit(bitmap, i)) {
                        i++;
                        continue;
                    }
                    int j = i;
                    while (j < spb && VhdImage.bit(bitmap, j)) {
                        j++;
                    }
                    long first = (long) b * spb + i;
                    long count = Math.min(j - i, Math.max(0, p.sectors() - first));
                    if (count > 0) {
                        MemorySegment run = seg.asSlice(0, count * Vhd.SECTOR);
                        c.readLayer(first, run);
                        p.write(first, run);
                        copied += count;
                    }
                    i = j;
                }
            }
            p.flush();
            return copied;
        } catch (IOException e) {
            throw Vhd.io(child, "coalesce", e);
        }
    }
}
