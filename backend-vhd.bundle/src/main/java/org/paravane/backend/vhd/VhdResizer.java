package org.paravane.backend.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.paravane.api.blk.BlockIoException;

/**
 * Grows a VHD (shrinking would drop data and is refused). The new size is rounded up to a
 * size the geometry covers exactly, as on creation.
 *
 * <p>Order of writes ({@link Step}), so that a crash at any point leaves an image that
 * opens, with the old or the new size and the old content:
 * <ul>
 *   <li>Fixed: (1) a new footer at the new end (the new area is a hole of zeros); (2) the
 *       old footer's sector is zeroed. A crash between them leaves a valid, grown disk
 *       whose new area still shows the old footer's 512 bytes.</li>
 *   <li>Dynamic and differencing: (1) the BAT gets its new entries, as unused: in place when
 *       the space after it is free, else a copy of the BAT goes where the trailing footer
 *       was, after the <em>old</em> footer has been copied past it; synced; (2) the header
 *       (its first sector holds every changed field) points at the table; (3) the trailing
 *       footer gets the new size; (4) so does the copy in sector 0. Before (2) the image is
 *       unchanged; after (2) a BAT larger than the size needs is legal. Between (3) and (4)
 *       the two footers differ (readers of the trailing footer see the new size, qemu,
 *       which reads the copy, the old): growing again to the same size repairs it.</li>
 * </ul>
 */
public final class VhdResizer {

    /** The steps of a grow, for tests that simulate a crash after one. */
    public enum Step {
        TABLE_EXTENDED,
        HEADER_WRITTEN,
        TRAILING_FOOTER_WRITTEN,
        HEAD_FOOTER_WRITTEN,
        FIXED_FOOTER_WRITTEN,
        OLD_FOOTER_ZEROED;

        /** Observes the steps; throwing simulates a crash. */
        @FunctionalInterface
        public interface Observer {
            void reached(Step step) throws IOException;
        }
    }

    private VhdResizer() {}

    /**
     * Grows the image at {@code path} to at least {@code newSizeBytes}; returns the new size
     * in bytes.
     */
    public static long grow(Path path, long newSizeBytes) throws BlockIoException {
        return grow(path, newSizeBytes, step -> { });
    }

    /** {@link #grow(Path, long)} with an observer of the steps. */
    public static long grow(Path path, long newSizeBytes, Step.Observer observer) throws BlockIoException {
        try (VhdImage img = VhdImage.open(path, true, SizeSource.AUTO)) {
            VhdFooter f = img.footer();
            long oldSectors = f.currentSize() / Vhd.SECTOR;
            long wanted = Vhd.roundUpToSector(newSizeBytes) / Vhd.SECTOR;
            // Compare rounded sizes: asking again for a size that was rounded up is a no-op.
            long sectors = VhdGeometry.coveredSectors(wanted);
            if (sectors < oldSectors) {
                throw new BlockIoException(BlockIoException.Kind.UNSUPPORTED, path + ": shrinking from "
                        + f.currentSize() + " to " + newSizeBytes + " bytes is not supported");
            }
            if (sectors == oldSectors) {
                if (img.header() != null) {
                    // Finish a grow interrupted between the two footers.
                    img.writeBuffer(f.encode(), 0);
                    img.channel().force(false);
                }
                return f.currentSize();
            }
            VhdFooter nf = f.withSize(sectors * Vhd.SECTOR, VhdGeometry.covering(wanted));
            if (img.header() == null) {
                growFixed(img, nf, f.currentSize(), observer);
            } else {
                growSparse(img, nf, sectors, observer);
            }
            img.channel().force(true);
            return nf.currentSize();
        } catch (IOException e) {
            throw Vhd.io(path, "resize", e);
        }
    }

    private static void growFixed(VhdImage img, VhdFooter nf, long oldEnd, Step.Observer observer)
            throws IOException {
        img.writeBuffer(nf.encode(), nf.currentSize());
        img.channel().force(false);
        observer.reached(Step.FIXED_FOOTER_WRITTEN);
        img.writeBuffer(ByteBuffer.allocate(Vhd.FOOTER_SIZE), oldEnd);
        observer.reached(Step.OLD_FOOTER_ZEROED);
    }

    private static void growSparse(VhdImage img, VhdFooter nf, long sectors, Step.Observer observer)
            throws IOException {
        VhdHeader h = img.header();
        long spb = h.sectorsPerBlock();
        int entries = (int) ((sectors + spb - 1) / spb);
        int oldEntries = h.maxTableEntries();
        VhdHeader nh;
        if (entries <= oldEntries) {
            nh = h;
        } else if (4L * entries <= roomForTable(img)) {
            writeUnused(img, h.tableOffset() + 4L * oldEntries, entries - oldEntries);
            img.channel().force(false);
            nh = h.withTable(h.tableOffset(), entries);
        } else {
            // The old footer moves first: the size must not grow before the header points at
            // a BAT big enough for it. Then the table goes over the old footer's place.
            long at = img.footerOffset();
            long bytes = Vhd.roundUpToSector(4L * entries);
            img.writeBuffer(img.footer().encode(), at + bytes);
            ByteBuffer table = ByteBuffer.allocate((int) bytes);
            for (int e : img.bat()) {
                table.putInt(e);
            }
            while (table.hasRemaining()) {
                table.putInt(Vhd.BAT_UNUSED);
            }
            img.writeBuffer(table.flip(), at);
            img.channel().force(false);
            nh = h.withTable(at, entries);
        }
        observer.reached(Step.TABLE_EXTENDED);
        if (nh != h) {
            img.writeBuffer(nh.encode(), nf.dataOffset());
            img.channel().force(false);
        }
        observer.reached(Step.HEADER_WRITTEN);
        img.reload();
        img.writeBuffer(nf.encode(), img.footerOffset());
        observer.reached(Step.TRAILING_FOOTER_WRITTEN);
        img.writeBuffer(nf.encode(), 0);
        observer.reached(Step.HEAD_FOOTER_WRITTEN);
    }

    /** Bytes available for the BAT before the first thing that follows it. */
    private static long roomForTable(VhdImage img) {
        VhdHeader h = img.header();
        long next = img.footerOffset();
        for (int e : img.bat()) {
            if (e != Vhd.BAT_UNUSED) {
                next = Math.min(next, Integer.toUnsignedLong(e) * Vhd.SECTOR);
            }
        }
        for (ParentLocator l : h.locators()) {
            if (l.used() && l.dataOffset() >= h.tableOffset()) {
                next = Math.min(next, l.dataOffset());
            }
        }
        if (img.footer().dataOffset() > h.tableOffset()) {
            next = Math.min(next, img.footer().dataOffset());
        }
        return next - h.tableOffset();
    }

    private static void writeUnused(VhdImage img, long offset, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * count);
        while (b.hasRemaining()) {
            b.putInt(Vhd.BAT_UNUSED);
        }
        img.writeBuffer(b.flip(), offset);
    }
}
