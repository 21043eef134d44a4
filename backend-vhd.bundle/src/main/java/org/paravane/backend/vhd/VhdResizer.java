package org.paravane.backend.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.paravane.api.blk.BlockIoException;

/**
 * Grows a VHD (shrinking would drop data and is refused). The new size is rounded up to a
 * CHS-exact size, as on creation.
 *
 * <p>Order of writes, so that a crash at any point leaves a readable image:
 * <ul>
 *   <li>Fixed: (1) a new footer at the new end (the file grows, the new area is a hole of
 *       zeros); (2) the old footer's sector is zeroed. A crash between (1) and (2) leaves a
 *       valid, grown disk whose new area still shows the old footer's 512 bytes.</li>
 *   <li>Dynamic and differencing, BAT with room to spare (it is padded to a sector, and
 *       Paravane's BAT is followed by the first block): (1) the new entries are written
 *       as unused; (2) the header's "max table entries"; (3) the trailing footer, then the
 *       copy in sector 0. Until (2) nothing has changed; after (2) a larger BAT than the
 *       size needs is legal; the two footers then carry the new size.</li>
 *   <li>Dynamic, BAT too small: the BAT is copied to the end of the file (footer first, as
 *       for a block allocation), synced, and only then does the header point at it.</li>
 * </ul>
 */
public final class VhdResizer {

    private VhdResizer() {}

    /**
     * Grows the image at {@code path} to at least {@code newSizeBytes}; returns the new size
     * in bytes.
     */
    public static long grow(Path path, long newSizeBytes) throws BlockIoException {
        try (VhdImage img = VhdImage.open(path, true, SizeSource.AUTO)) {
            VhdFooter f = img.footer();
            long oldSectors = f.currentSize() / Vhd.SECTOR;
            long wanted = Vhd.roundUpToSector(newSizeBytes) / Vhd.SECTOR;
            if (wanted < oldSectors) {
                throw new BlockIoException(BlockIoException.Kind.UNSUPPORTED, path + ": shrinking from "
                        + f.currentSize() + " to " + newSizeBytes + " bytes is not supported");
            }
            long sectors = VhdGeometry.coveredSectors(wanted);
            if (sectors == oldSectors) {
                return f.currentSize();
            }
            VhdFooter nf = f.withSize(sectors * Vhd.SECTOR, VhdGeometry.covering(wanted));
            if (img.header() == null) {
                growFixed(img, nf, f.currentSize());
            } else {
                growSparse(img, nf, sectors);
            }
            img.channel().force(true);
            return nf.currentSize();
        } catch (IOException e) {
            throw Vhd.io(path, "resize", e);
        }
    }

    private static void growFixed(VhdImage img, VhdFooter nf, long oldEnd) throws IOException {
        img.writeBuffer(nf.encode(), nf.currentSize());
        img.channel().force(false);
        img.writeBuffer(ByteBuffer.allocate(Vhd.FOOTER_SIZE), oldEnd);
    }

    private static void growSparse(VhdImage img, VhdFooter nf, long sectors) throws IOException {
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
            // Move the BAT to the end: footer first, then the table over the old footer.
            long at = img.footerOffset();
            long bytes = Vhd.roundUpToSector(4L * entries);
            img.writeBuffer(nf.encode(), at + bytes);
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
        if (nh != h) {
            img.writeBuffer(nh.encode(), nf.dataOffset());
            img.channel().force(false);
        }
        img.reload();
        img.writeBuffer(nf.encode(), img.footerOffset());
        img.writeBuffer(nf.encode(), 0);
    }

    /** Bytes available for the BAT before the first thing that follows it. */
    private static long roomForTable(VhdImage img) throws IOException {
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
