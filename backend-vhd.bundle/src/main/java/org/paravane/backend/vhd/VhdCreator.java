package org.paravane.backend.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.paravane.api.blk.BlockIoException;

/**
 * Creates fixed, dynamic and differencing VHD files, and re-points a differencing image at
 * another parent.
 *
 * <p>Sizes are rounded up to the next size a CHS geometry addresses exactly (see {@link
 * VhdGeometry}), the way qemu does without {@code force_size}, so that the geometry and the
 * footer's current size agree and every reader sees the same disk size. A new file is built
 * under a temporary name and renamed into place, so a crash never leaves a half-written
 * image under the requested name.
 *
 * <p>Layout of a dynamic or differencing file Paravane writes:
 * <pre>
 *   0      footer copy (512)
 *   512    dynamic header (1024)
 *   1536   BAT (4 bytes per block, padded to a sector)
 *   ...    differencing only: 3 parent locators (MacX, W2ru, W2ku), 4 KiB reserved each
 *   ...    data blocks, appended as they are allocated (bitmap sector(s) + block)
 *   end    footer (512)
 * </pre>
 */
public final class VhdCreator {

    /** Space reserved for each parent locator: a path of up to 2047 UTF-16 code units. */
    static final int LOCATOR_SPACE = 4096;
    private static final long HEADER_OFFSET = Vhd.FOOTER_SIZE;
    private static final long TABLE_OFFSET = HEADER_OFFSET + Vhd.HEADER_SIZE;

    private VhdCreator() {}

    /** Creates a fixed disk of at least {@code sizeBytes}; returns its footer. */
    public static VhdFooter createFixed(Path path, long sizeBytes) throws BlockIoException {
        long req = requestedSectors(path, sizeBytes);
        long sectors = VhdGeometry.coveredSectors(req);
        VhdFooter f = footer(Vhd.TYPE_FIXED, Vhd.NO_OFFSET, sectors, VhdGeometry.covering(req));
        build(path, ch -> write(ch, f.encode(), sectors * Vhd.SECTOR));
        return f;
    }

    /** Creates an empty dynamic disk of at least {@code sizeBytes}; returns its footer. */
    public static VhdFooter createDynamic(Path path, long sizeBytes, int blockSize) throws BlockIoException {
        long req = requestedSectors(path, sizeBytes);
        long sectors = VhdGeometry.coveredSectors(req);
        VhdFooter f = footer(Vhd.TYPE_DYNAMIC, HEADER_OFFSET, sectors, VhdGeometry.covering(req));
        VhdHeader h = header(path, sectors, blockSize, new UUID(0, 0), 0, "", none());
        build(path, ch -> layOut(ch, f, h, 0));
        return f;
    }

    /**
     * Creates an empty differencing disk over {@code parent} (the snapshot operation: the
     * parent becomes the read-only base, the child takes the writes).
     */
    public static VhdFooter createDifferencing(Path child, Path parent) throws BlockIoException {
        VhdFooter pf;
        int blockSize;
        try (VhdImage p = VhdImage.open(parent, false, SizeSource.AUTO)) {
            pf = p.footer();
            blockSize = p.header() == null ? Vhd.DEFAULT_BLOCK_SIZE : p.header().blockSize();
        }
        long sectors = pf.currentSize() / Vhd.SECTOR;
        // Same size and geometry as the parent, whichever of the two a reader trusts.
        VhdFooter f = footer(Vhd.TYPE_DIFFERENCING, HEADER_OFFSET, sectors, pf.geometry());
        VhdHeader empty = header(child, sectors, blockSize, new UUID(0, 0), 0, "", none());
        long locatorBase = TABLE_OFFSET + empty.tableBytes();
        VhdHeader h = withParent(empty, child, parent, pf.uniqueId(), locatorBase);
        build(child, ch -> {
            layOut(ch, f, h, 3L * LOCATOR_SPACE);
            writeLocators(ch, h, child, parent);
        });
        return f;
    }

    /**
     * Takes a snapshot of {@code image}: creates {@code newChild}, an empty differencing disk
     * over it. From then on writes go to the child and {@code image} must stay unchanged
     * (it is the snapshot); same as {@link #createDifferencing(Path, Path)}.
     */
    public static VhdFooter snapshot(Path image, Path newChild) throws BlockIoException {
        return createDifferencing(newChild, image);
    }

    /**
     * Re-points differencing image {@code child} at {@code newParent} (the parent's unique id,
     * name and locators), in place. Used after moving a parent, or to rebase a chain.
     */
    public static void reparent(Path child, Path newParent) throws BlockIoException {
        UUID pid;
        try (VhdImage p = VhdImage.open(newParent, false, SizeSource.AUTO)) {
            pid = p.footer().uniqueId();
        }
        try (VhdImage c = VhdImage.open(child, true, SizeSource.AUTO)) {
            if (c.footer().diskType() != Vhd.TYPE_DIFFERENCING) {
                throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST, child + ": not a differencing image");
            }
            long base = Long.MAX_VALUE;
            for (ParentLocator l : c.header().locators()) {
                if (l.used()) {
                    base = Math.min(base, l.dataOffset());
                }
            }
            long reserved = 0;
            for (ParentLocator l : c.header().locators()) {
                reserved += l.used() ? l.spaceBytes() : 0;
            }
            if (base == Long.MAX_VALUE || reserved < 3L * LOCATOR_SPACE) {
                throw new BlockIoException(BlockIoException.Kind.UNSUPPORTED,
                        child + ": no room for new parent locators (not created by Paravane)");
            }
            VhdHeader h = withParent(c.header(), child, newParent, pid, base);
            writeLocators(c.channel(), h, child, newParent);
            c.channel().force(false);
            c.writeBuffer(h.encode(), c.footer().dataOffset());
            c.channel().force(false);
        } catch (IOException e) {
            throw Vhd.io(child, "reparent", e);
        }
    }

    // ---- building blocks ----------------------------------------------------------------

    private static long requestedSectors(Path path, long sizeBytes) throws BlockIoException {
        if (sizeBytes <= 0 || sizeBytes > (1L << 41)) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    path + ": size " + sizeBytes + " is outside 1 byte .. 2 TiB");
        }
        return Vhd.roundUpToSector(sizeBytes) / Vhd.SECTOR;
    }

    private static VhdFooter footer(int type, long dataOffset, long sectors, VhdGeometry g) {
        long bytes = sectors * Vhd.SECTOR;
        return new VhdFooter(Vhd.FEATURES_RESERVED, Vhd.VERSION_1_0, dataOffset, Vhd.timestamp(Instant.now()),
                Vhd.CREATOR_APP, Vhd.CREATOR_VERSION, Vhd.HOST_OS_WINDOWS, bytes, bytes, g, type,
                UUID.randomUUID(), false);
    }

    private static VhdHeader header(Path path, long sectors, int blockSize, UUID parent, int ts, String name,
            List<ParentLocator> locs) throws BlockIoException {
        if (blockSize < Vhd.SECTOR || Integer.bitCount(blockSize) != 1) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    path + ": block size " + blockSize + " is not a power of two of at least 512");
        }
        long spb = blockSize / Vhd.SECTOR;
        long entries = (sectors + spb - 1) / spb;
        return new VhdHeader(TABLE_OFFSET, Vhd.VERSION_1_0, (int) entries, blockSize, parent, ts, name, locs);
    }

    private static List<ParentLocator> none() {
        List<ParentLocator> l = new ArrayList<>();
        for (int i = 0; i < VhdHeader.LOCATOR_COUNT; i++) {
            l.add(ParentLocator.NONE);
        }
        return l;
    }

    /** Footer copy, header, empty BAT, {@code extra} reserved bytes, trailing footer. */
    static void layOut(FileChannel ch, VhdFooter f, VhdHeader h, long extra) throws IOException {
        write(ch, f.encode(), 0);
        write(ch, h.encode(), f.dataOffset());
        ByteBuffer bat = ByteBuffer.allocate((int) h.tableBytes());
        while (bat.hasRemaining()) {
            bat.putInt(Vhd.BAT_UNUSED);
        }
        write(ch, bat.flip(), h.tableOffset());
        write(ch, f.encode(), h.tableOffset() + h.tableBytes() + extra);
    }

    private static String[] locatorTexts(Path child, Path parent) {
        Path abs = parent.toAbsolutePath().normalize();
        Path dir = child.toAbsolutePath().normalize().getParent();
        String rel = ".\\" + dir.relativize(abs).toString().replace('/', '\\');
        return new String[] {abs.toUri().toString(), rel, abs.toString()};
    }

    private static VhdHeader withParent(VhdHeader h, Path child, Path parent, UUID pid, long base)
            throws BlockIoException {
        String[] texts = locatorTexts(child, parent);
        int[] codes = {Vhd.PLATFORM_MACX, Vhd.PLATFORM_W2RU, Vhd.PLATFORM_W2KU};
        List<ParentLocator> locs = none();
        for (int i = 0; i < 3; i++) {
            int len = encodeLocator(codes[i], texts[i]).length;
            if (len > LOCATOR_SPACE) {
                throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                        child + ": parent path " + parent + " is too long for a parent locator");
            }
            // Data space in sectors, as the spec defines the field.
            locs.set(i, new ParentLocator(codes[i], LOCATOR_SPACE / Vhd.SECTOR, len, base + (long) i * LOCATOR_SPACE));
        }
        int ts;
        try {
            ts = Vhd.timestamp(Files.getLastModifiedTime(parent).toInstant());
        } catch (IOException e) {
            throw Vhd.io(parent, "reading the modification time", e);
        }
        return h.withParent(pid, ts, parent.getFileName().toString(), locs);
    }

    private static byte[] encodeLocator(int code, String text) {
        return text.getBytes(code == Vhd.PLATFORM_MACX ? StandardCharsets.UTF_8 : StandardCharsets.UTF_16LE);
    }

    private static void writeLocators(FileChannel ch, VhdHeader h, Path child, Path parent) throws IOException {
        String[] texts = locatorTexts(child, parent);
        for (int i = 0; i < 3; i++) {
            ParentLocator l = h.locators().get(i);
            ByteBuffer space = ByteBuffer.allocate(LOCATOR_SPACE);
            space.put(encodeLocator(l.platformCode(), texts[i]));
            write(ch, space.rewind(), l.dataOffset());
        }
    }

    static void write(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        ByteBuffer d = b.duplicate().rewind();
        while (d.hasRemaining()) {
            ch.write(d, offset + d.position());
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(FileChannel ch) throws IOException;
    }

    private static void build(Path path, Body body) throws BlockIoException {
        if (Files.exists(path)) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST, path + ": already exists");
        }
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + path.getFileName() + ".creating");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
            throw Vhd.io(path, "create", e);
        }
    }
}
