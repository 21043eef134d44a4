package org.paravane.core.blkback;

import java.util.Set;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.abi.Blkif;

/**
 * What the frontend is told about the disk (facts §5.3 {@code sectors}, {@code sector-size},
 * {@code info}, {@code feature-*}), fixed when the device is attached: a replacement backend
 * must present the same geometry.
 *
 * @param sectors    size in 512-byte units
 * @param sectorSize the disk's logical block size, a power of two ≥ 512
 * @param readOnly   writes refused (the spec's access, or a read-only disk)
 * @param flush      {@code feature-flush-cache}
 * @param barrier    {@code feature-barrier}
 * @param discard    {@code feature-discard}
 */
public record DiskGeometry(long sectors, int sectorSize, boolean readOnly, boolean flush, boolean barrier,
        boolean discard) {

    /** The geometry of an open disk, attached read-only when {@code readOnly}. */
    public static DiskGeometry of(BlockDisk disk, boolean readOnly, boolean discardAllowed) {
        int ss = disk.sectorSize();
        if (ss < Blkif.SECTOR_SIZE || Integer.bitCount(ss) != 1) {
            throw new IllegalArgumentException("disk sector size " + ss + " is not a power of two >= 512");
        }
        boolean ro = readOnly || disk.readOnly();
        Set<BlockFeature> f = disk.features();
        return new DiskGeometry(disk.sectors() * (ss / Blkif.SECTOR_SIZE), ss, ro,
                !ro && f.contains(BlockFeature.FLUSH), !ro && f.contains(BlockFeature.BARRIER) && f.contains(BlockFeature.FLUSH),
                !ro && discardAllowed && f.contains(BlockFeature.DISCARD));
    }

    /** The same size and sector size (features may differ between backends). */
    public boolean sameShape(DiskGeometry other) {
        return sectors == other.sectors && sectorSize == other.sectorSize;
    }
}
