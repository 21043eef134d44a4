package org.paravane.backend.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.paravane.api.blk.BlockIoException;

/**
 * A structural check of one VHD file, stricter than opening it: both footers present and
 * identical, header and BAT sound, every block inside the file and overlapping neither
 * the metadata, the parent locators nor another block. qemu's vpc driver has no check
 * ({@code qemu-img check} answers "This image format does not support checks"), so this is
 * what the crash-safety tests judge intermediate images with, next to qemu-img's reads.
 */
public final class VhdChecker {

    private VhdChecker() {}

    /** The problems found in {@code path}, each naming the file; empty when the image is sound. */
    public static List<String> check(Path path) {
        List<String> problems = new ArrayList<>();
        try (VhdImage img = VhdImage.open(path, false, SizeSource.AUTO);
             FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer trailing = img.readBuffer(size - Vhd.FOOTER_SIZE, Vhd.FOOTER_SIZE);
            try {
                VhdFooter.decode(trailing, path, size - Vhd.FOOTER_SIZE);
            } catch (BlockIoException e) {
                problems.add(e.getMessage());
            }
            if (img.header() == null) {
                return problems;
            }
            ByteBuffer head = img.readBuffer(0, Vhd.FOOTER_SIZE);
            if (!head.equals(trailing)) {
                problems.add(path + ": the footer copy in sector 0 differs from the trailing footer");
            }
            VhdHeader h = img.header();
            TreeMap<Long, Region> regions = new TreeMap<>();
            List<String> overlaps = new ArrayList<>();
            claim(regions, overlaps, 0, Vhd.FOOTER_SIZE, "footer copy");
            claim(regions, overlaps, img.footer().dataOffset(), Vhd.HEADER_SIZE, "dynamic header");
            claim(regions, overlaps, h.tableOffset(), h.tableBytes(), "BAT");
            for (ParentLocator l : h.locators()) {
                if (l.used()) {
                    claim(regions, overlaps, l.dataOffset(), Math.max(l.dataLength(), 1), "parent locator "
                            + Vhd.fourCcString(l.platformCode()));
                }
            }
            int[] bat = img.bat();
            long span = h.bitmapBytes() + (long) h.blockSize();
            for (int i = 0; i < bat.length; i++) {
                if (bat[i] != Vhd.BAT_UNUSED) {
                    long start = Integer.toUnsignedLong(bat[i]) * Vhd.SECTOR;
                    if (start + span > size - Vhd.FOOTER_SIZE) {
                        problems.add(path + ": block " + i + " ends at " + (start + span)
                                + ", past the trailing footer at " + (size - Vhd.FOOTER_SIZE));
                    }
                    claim(regions, overlaps, start, span, "block " + i);
                }
            }
            for (String o : overlaps) {
                problems.add(path + ": " + o);
            }
        } catch (BlockIoException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add(path + ": " + e);
        }
        return problems;
    }

    private record Region(long end, String what) {}

    private static void claim(TreeMap<Long, Region> regions, List<String> overlaps, long start, long length,
            String what) {
        var below = regions.floorEntry(start);
        if (below != null && below.getValue().end() > start) {
            overlaps.add(what + " at " + start + " overlaps " + below.getValue().what() + " at " + below.getKey());
        }
        var above = regions.higherEntry(start);
        if (above != null && above.getKey() < start + length) {
            overlaps.add(what + " at " + start + " overlaps " + above.getValue().what() + " at " + above.getKey());
        }
        regions.put(start, new Region(start + length, what));
    }
}
