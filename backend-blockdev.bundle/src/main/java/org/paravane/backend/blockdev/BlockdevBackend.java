package org.paravane.backend.blockdev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockIoException.Kind;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.api.config.DiskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw block backend: serves format {@value #FORMAT} from image files ({@code file:})
 * and host block devices ({@code phy:}).
 *
 * <p>The target is a path, optionally prefixed by {@code file:} or {@code phy:} (xend's
 * spelling; the prefix is informative only: what the path is, a regular file or a block
 * device, is decided by {@code stat}, like Linux blkback does with {@code params}).
 *
 * <p>Options of the open request:
 * <ul>
 *   <li>{@value #OPTION_DIRECT_IO}: {@code true}/{@code false} (default false): open with
 *       {@code O_DIRECT}, bypassing the host page cache; falls back to buffered I/O with a
 *       warning when the file system refuses it (tmpfs does). The spec's {@code
 *       direct-io-safe} flag maps to it ({@link #request(DiskSpec)}).</li>
 *   <li>{@value #OPTION_DISCARD}: {@code true}/{@code false} (default true): offer
 *       discard; the spec's {@code no-discard} maps to false.</li>
 * </ul>
 *
 * <p>Size: a regular file's length, a block device's {@code BLKGETSIZE64}. A length that
 * is not a multiple of the sector size is rounded down with a warning (the tail cannot be
 * addressed by whole sectors; Linux's loop driver does the same); an empty file, or one
 * shorter than a sector, is refused.
 *
 * <p>Access: read-only when the request says so; a read-write request on a file that
 * cannot be opened for writing (permissions, immutable file, read-only mount) is opened
 * read-only with a warning, and the disk reports {@link BlockDisk#readOnly()}.
 */
public final class BlockdevBackend implements BlockBackend {

    /** The format this backend serves. */
    public static final String FORMAT = "raw";
    /** Option: open with O_DIRECT. */
    public static final String OPTION_DIRECT_IO = "direct-io";
    /** Option: offer discard. */
    public static final String OPTION_DISCARD = "discard";
    /** The sector size of image files (blkif's unit, xen-abi-facts §5.2). */
    public static final int FILE_SECTOR_SIZE = 512;

    private static final Logger LOG = LoggerFactory.getLogger(BlockdevBackend.class);
    /** stat(2) file type bits. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;

    /**
     * The open request for a parsed disk spec: target and format as written, access, and the
     * {@code direct-io-safe} and {@code discard} flags as options.
     */
    public static BlockOpenRequest request(DiskSpec spec) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(OPTION_DIRECT_IO, Boolean.toString(spec.directIoSafe()));
        options.put(OPTION_DISCARD, Boolean.toString(spec.discard()));
        return new BlockOpenRequest(spec.target(), spec.format().configName(), spec.readOnly(), options);
    }

    /** The path named by a target, without a {@code file:} or {@code phy:} prefix. */
    static Path targetPath(String target) throws BlockIoException {
        String t = target;
        for (String prefix : new String[] {"file:", "phy:"}) {
            if (t.startsWith(prefix)) {
                t = t.substring(prefix.length());
                break;
            }
        }
        if (t.isBlank()) {
            throw new BlockIoException(Kind.BAD_REQUEST, "'" + target + "': no path after the prefix");
        }
        try {
            return Path.of(t);
        } catch (IllegalArgumentException e) {
            throw new BlockIoException(Kind.BAD_REQUEST, "'" + target + "': not a path: " + e.getMessage(), e);
        }
    }

    private static boolean flag(BlockOpenRequest request, String key, boolean fallback) throws BlockIoException {
        String v = request.option(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new BlockIoException(Kind.BAD_REQUEST,
                    request.target() + ": option " + key + "='" + v + "' is not true or false");
        };
    }

    @Override
    public BlockDisk open(BlockOpenRequest request) throws BlockIoException {
        if (!FORMAT.equals(request.format().toLowerCase(Locale.ROOT))) {
            throw new BlockIoException(Kind.BAD_REQUEST, request.target() + ": format '" + request.format()
                    + "' is not served by the raw block backend (it serves '" + FORMAT + "')");
        }
        boolean direct = flag(request, OPTION_DIRECT_IO, false);
        boolean discard = flag(request, OPTION_DISCARD, true);
        Path path = targetPath(request.target());
        boolean blockDevice = kind(path);
        boolean readOnly = request.readOnly();
        Opened opened = openFile(path, readOnly, direct);
        NativeFile file = opened.file();
        readOnly = readOnly || opened.writableRefused();
        try {
            int sectorSize = FILE_SECTOR_SIZE;
            long bytes;
            if (blockDevice) {
                sectorSize = file.blockDeviceSectorSize();
                bytes = file.blockDeviceBytes();
            } else {
                bytes = file.seekEnd();
            }
            if (sectorSize < FILE_SECTOR_SIZE || Integer.bitCount(sectorSize) != 1) {
                throw new BlockIoException(Kind.BAD_IMAGE, path + ": sector size " + sectorSize
                        + " is not a power of two of at least 512");
            }
            if (bytes == 0) {
                throw new BlockIoException(Kind.BAD_IMAGE, path + ": is empty (0 bytes)");
            }
            long sectors = bytes / sectorSize;
            if (sectors == 0) {
                throw new BlockIoException(Kind.BAD_IMAGE, path + ": " + bytes
                        + " bytes is less than one sector of " + sectorSize);
            }
            if (bytes % sectorSize != 0) {
                LOG.warn("{}: {} bytes is not a multiple of {}; the last {} bytes are not part of the disk",
                        path, bytes, sectorSize, bytes % sectorSize);
            }
            LOG.info("{}: opened {} {} sectors of {} bytes{}{}", path, blockDevice ? "block device" : "file",
                    sectors, sectorSize, readOnly ? ", read-only" : "", file.direct() ? ", O_DIRECT" : "");
            return new RawBlockDisk(file, sectors, sectorSize, readOnly, discard, blockDevice);
        } catch (ErrnoException e) {
            file.close();
            throw new BlockIoException(Kind.IO_ERROR, e.getMessage(), e);
        } catch (BlockIoException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** True for a block device, false for a regular file; anything else is refused. */
    private static boolean kind(Path path) throws BlockIoException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (NoSuchFileException e) {
            throw new BlockIoException(Kind.NOT_FOUND, path + ": no such file or device", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BlockIoException(Kind.IO_ERROR, path + ": cannot stat: " + e.getMessage(), e);
        }
        return switch (mode & S_IFMT) {
            case S_IFREG -> false;
            case S_IFBLK -> true;
            case S_IFDIR -> throw new BlockIoException(Kind.BAD_REQUEST,
                    path + ": is a directory, not an image file or block device");
            default -> throw new BlockIoException(Kind.BAD_REQUEST,
                    path + ": is neither a regular file nor a block device");
        };
    }

    private record Opened(NativeFile file, boolean writableRefused) {
    }

    /**
     * Opens read-write (or read-only), falling back to read-only when writing is refused and
     * to buffered I/O when {@code O_DIRECT} is refused.
     */
    private static Opened openFile(Path path, boolean readOnly, boolean direct) throws BlockIoException {
        boolean writable = !readOnly;
        boolean refused = false;
        while (true) {
            try {
                return new Opened(NativeFile.open(path, writable, direct), refused);
            } catch (ErrnoException e) {
                int errno = e.errno();
                if (direct && errno == Libc.EINVAL) {
                    LOG.warn("{}: the file system refuses O_DIRECT ({}); using buffered I/O", path, e.getMessage());
                    direct = false;
                } else if (writable && (errno == Libc.EACCES || errno == Libc.EPERM || errno == Libc.EROFS)) {
                    LOG.warn("{}: cannot open for writing ({}); the disk is read-only", path, e.getMessage());
                    writable = false;
                    refused = true;
                } else if (errno == Libc.ENOENT) {
                    throw new BlockIoException(Kind.NOT_FOUND, path + ": no such file or device", e);
                } else if (errno == Libc.EACCES || errno == Libc.EPERM) {
                    throw new BlockIoException(Kind.IO_ERROR, path + ": permission denied: " + e.getMessage(), e);
                } else {
                    throw new BlockIoException(Kind.IO_ERROR, e.getMessage(), e);
                }
            }
        }
    }
}
