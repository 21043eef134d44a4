package org.paravane.backend.vhd;

import java.nio.file.Path;
import java.util.Locale;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/**
 * The VHD block backend: opens a VHD file and its parent chain as a {@link BlockDisk}.
 *
 * <p>Options of the open request:
 * <ul>
 *   <li>{@value #OPTION_SIZE_SOURCE}: {@code auto} (default), {@code geometry} or {@code
 *       current}: where the disk size comes from, see {@link SizeSource}.</li>
 *   <li>{@value #OPTION_READ_THREADS}: threads serving reads in parallel, 1..{@value
 *       VhdBlockDisk#MAX_READ_THREADS} (default {@value VhdBlockDisk#DEFAULT_READ_THREADS});
 *       {@code 1} serves every operation on the disk's one serial thread.</li>
 *   <li>{@value #OPTION_READ_SPLIT_KIB}: smallest piece, in KiB, a large read is cut into
 *       while read threads are idle (default {@value #DEFAULT_READ_SPLIT_KIB}: never split;
 *       256 is the value measured as the alternative).</li>
 * </ul>
 */
public final class VhdBackend implements BlockBackend {

    /** The format this backend serves. */
    public static final String FORMAT = "vhd";
    /** Option naming the size source. */
    public static final String OPTION_SIZE_SOURCE = "size-source";
    /** Option naming the number of read threads per disk. */
    public static final String OPTION_READ_THREADS = "read-threads";
    /** Option naming the smallest piece (KiB) of a read split over idle read threads. */
    public static final String OPTION_READ_SPLIT_KIB = "read-split-kib";
    /** Default of {@value #OPTION_READ_SPLIT_KIB}. */
    public static final int DEFAULT_READ_SPLIT_KIB = VhdBlockDisk.DEFAULT_SPLIT_BYTES / 1024;
    private static final int MAX_READ_SPLIT_KIB = 1 << 20;

    /** Threads started ahead of an open, or null: each open starts its disk's own. */
    private final SpareThreads spares;

    /** A backend whose opens start their disks' threads themselves (tools, tests). */
    public VhdBackend() {
        this(null);
    }

    /** A backend that hands a disk the {@code spares}' started threads when they fit (the DS component). */
    public VhdBackend(SpareThreads spares) {
        this.spares = spares;
    }

    @Override
    public BlockDisk open(BlockOpenRequest request) throws BlockIoException {
        if (!FORMAT.equals(request.format().toLowerCase(Locale.ROOT))) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    request.target() + ": format '" + request.format() + "' is not served by the VHD backend");
        }
        SizeSource source;
        Path path;
        int readThreads;
        int splitKib;
        try {
            source = SizeSource.parse(request.option(OPTION_SIZE_SOURCE, "auto"));
            path = Path.of(request.target());
            readThreads = intOption(request, OPTION_READ_THREADS, VhdBlockDisk.DEFAULT_READ_THREADS, 1,
                    VhdBlockDisk.MAX_READ_THREADS);
            splitKib = intOption(request, OPTION_READ_SPLIT_KIB, DEFAULT_READ_SPLIT_KIB, 0, MAX_READ_SPLIT_KIB);
        } catch (IllegalArgumentException e) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST, request.target() + ": " + e.getMessage(), e);
        }
        VhdImage image = VhdChain.open(path, !request.readOnly(), source);
        DiskThreads threads = spares == null ? null : spares.take(readThreads, path.getFileName().toString());
        return threads == null ? new VhdBlockDisk(image, readThreads, splitKib * 1024)
                : new VhdBlockDisk(image, threads, splitKib * 1024);
    }

    private static int intOption(BlockOpenRequest request, String key, int fallback, int min, int max) {
        String v = request.option(key, Integer.toString(fallback)).strip();
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "='" + v + "' is not a whole number", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("option " + key + "=" + n + " is outside " + min + ".." + max);
        }
        return n;
    }
}
