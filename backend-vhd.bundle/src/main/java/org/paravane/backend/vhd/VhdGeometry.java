package org.paravane.backend.vhd;

/**
 * The CHS geometry stored in the footer, and the spec's algorithm that derives it from a
 * size (spec appendix "CHS Calculation").
 *
 * <p>Why it matters: Virtual PC, and qemu for images whose creator application it does not
 * know, take the disk size from C×H×S rather than from the footer's "current size". Paravane
 * therefore creates images whose size is exactly C×H×S (rounding the requested size up to
 * the next geometry), so every reader agrees on the size. Above the largest geometry
 * (65535×16×255 sectors, about 127 GiB) readers use "current size".
 *
 * @param cylinders       1..65535
 * @param heads           1..16
 * @param sectorsPerTrack 1..255
 */
public record VhdGeometry(int cylinders, int heads, int sectorsPerTrack) {

    /** The largest geometry's sector count. */
    public static final long MAX_SECTORS = 65535L * 16 * 255;

    /** The number of sectors C×H×S addresses. */
    public long sectors() {
        return (long) cylinders * heads * sectorsPerTrack;
    }

    /** Whether this is the largest geometry (readers then trust "current size"). */
    public boolean isMax() {
        return cylinders == 65535 && heads == 16 && sectorsPerTrack == 255;
    }

    /** The spec's geometry for a disk of {@code totalSectors} (rounding down). */
    public static VhdGeometry forSectors(long totalSectors) {
        long total = Math.min(totalSectors, MAX_SECTORS);
        int spt;
        int heads;
        long cylTimesHeads;
        if (total >= 65535L * 16 * 63) {
            spt = 255;
            heads = 16;
            cylTimesHeads = total / spt;
        } else {
            spt = 17;
            cylTimesHeads = total / spt;
            heads = (int) ((cylTimesHeads + 1023) / 1024);
            if (heads < 4) {
                heads = 4;
            }
            if (cylTimesHeads >= heads * 1024L || heads > 16) {
                spt = 31;
                heads = 16;
                cylTimesHeads = total / spt;
            }
            if (cylTimesHeads >= heads * 1024L) {
                spt = 63;
                heads = 16;
                cylTimesHeads = total / spt;
            }
        }
        return new VhdGeometry((int) (cylTimesHeads / heads), heads, spt);
    }

    /**
     * The smallest size of at least {@code requestedSectors} that a geometry addresses
     * exactly, so that the CHS size and "current size" agree. Sizes beyond the largest
     * geometry are kept as they are.
     */
    public static long roundUpSectors(long requestedSectors) {
        if (requestedSectors >= MAX_SECTORS) {
            return requestedSectors;
        }
        // The geometry is monotonic in the size; step up until C*H*S covers the request.
        // Each step moves at most one track, so this terminates within a few thousand steps.
        long n = requestedSectors;
        while (true) {
            VhdGeometry g = forSectors(n);
            if (g.sectors() >= requestedSectors) {
                return g.sectors();
            }
            n++;
            if (n >= MAX_SECTORS) {
                return requestedSectors;
            }
        }
    }
}
