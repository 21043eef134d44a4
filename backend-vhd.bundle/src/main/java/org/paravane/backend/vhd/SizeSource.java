package org.paravane.backend.vhd;

import java.util.Set;

/**
 * Where the visible disk size comes from. VHD has two: the CHS geometry (what Virtual PC
 * uses) and the footer's "current size" (what Hyper-V uses). {@link #AUTO} follows the
 * creator application, the way qemu's vpc driver does, so Paravane and qemu agree on the
 * size of every image.
 */
public enum SizeSource {
    /** "current size" for images by Hyper-V, Disk2vhd, XenServer, XenConverter, qemu with
     *  force_size ("qem2") and for the largest geometry; C×H×S for everything else. */
    AUTO,
    /** Always C×H×S. */
    GEOMETRY,
    /** Always "current size". */
    CURRENT_SIZE;

    private static final Set<String> CURRENT_SIZE_CREATORS = Set.of("win ", "qem2", "d2v ", "CTXS", "tap\0");

    /** The visible size in sectors of an image with this footer. */
    public long sectors(VhdFooter footer) {
        long current = footer.currentSize() / Vhd.SECTOR;
        return switch (this) {
            case GEOMETRY -> footer.geometry().sectors();
            case CURRENT_SIZE -> current;
            case AUTO -> CURRENT_SIZE_CREATORS.contains(footer.creatorApp()) || footer.geometry().isMax()
                    ? current : footer.geometry().sectors();
        };
    }

    /** Parses an option value: {@code auto}, {@code geometry}/{@code chs}, {@code current}/{@code footer}. */
    public static SizeSource parse(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "geometry", "chs" -> GEOMETRY;
            case "current", "current-size", "footer" -> CURRENT_SIZE;
            default -> throw new IllegalArgumentException(
                    "size source '" + value + "': expected auto, geometry or current");
        };
    }
}
