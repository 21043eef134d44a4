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
     * The geometry stored for a new disk of {@code requestedSectors}: the first one, trying
     * the sizes from the request upwards, whose C×H×S covers the request (the largest
     * geometry beyond its reach). Rounding up rather than down means no requested sector is
     * lost to a reader that trusts the geometry; qemu does the same.
     */
    public static VhdGeometry covering(long requestedSectors) {
        if (requestedSectors >= MAX_SECTORS) {
            return forSectors(MAX_SECTORS);
        }
        // Each step of n moves C*H*S by at most one track, so this ends within a few
        // thousand steps.
        for (long n = requestedSectors; n < MAX_SECTORS; n++) {
            VhdGeometry g = forSectors(n);
            if (g.sectors() >= requestedSectors) {
                return g;
            }
        }
        return forSectors(MAX_SECTORS);
    }

    /**
     * The size in sectors that goes with {@link #covering}: exactly C×H×S, so that the
     * geometry and the footer's current size agree; beyond the largest geometry, the request.
     */
    public static long coveredSectors(long requestedSectors) {
        VhdGeometry g = covering(requestedSectors);
        return Math.max(g.sectors(), requestedSectors);
    }
}
