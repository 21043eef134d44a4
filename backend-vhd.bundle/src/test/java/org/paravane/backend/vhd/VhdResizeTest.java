package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockIoException;

/** Growing fixed and dynamic disks keeps their content, and qemu-img sees the new size. */
class VhdResizeTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needQemu() {
        QemuImg.require();
    }

    private DiskModel fill(Path vhd) throws Exception {
        try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
            DiskModel m = new DiskModel(img.sectors() * 512);
            m.write(img, 0, DiskModel.pattern(1, 4096));
            m.write(img, img.sectors() - 8, DiskModel.pattern(2, 4096));
            return m;
        }
    }

    private void growAndVerify(Path vhd, long newSize) throws Exception {
        DiskModel before = fill(vhd);
        long grown = VhdResizer.grow(vhd, newSize);
        assertTrue(grown >= newSize);
        assertEquals(grown, QemuImg.virtualSize(vhd), "qemu sees the new size");
        DiskModel after = new DiskModel(grown);
        System.arraycopy(before.bytes, 0, after.bytes, 0, before.bytes.length);
        try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
            assertEquals(grown / 512, img.sectors());
            after.assertImageMatches(img);
            after.write(img, img.sectors() - 8, DiskModel.pattern(3, 4096)); // the new end
            after.write(img, before.bytes.length / 512, DiskModel.pattern(4, 512)); // the old end
        }
        assertEquals(List.of(), VhdChecker.check(vhd));
        QemuImg.check(vhd);
        QemuImg.assertSameContent(vhd, after.save(dir.resolve("after.raw")));
    }

    @Test
    void growFixedDisk() throws Exception {
        Path vhd = dir.resolve("f.vhd");
        VhdCreator.createFixed(vhd, 3L << 20);
        growAndVerify(vhd, 7L << 20);
    }

    @Test
    void growDynamicDiskWithinTheBatPadding() throws Exception {
        Path vhd = dir.resolve("d.vhd");
        VhdCreator.createDynamic(vhd, 4L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        long tableOffset;
        try (VhdImage img = VhdImage.open(vhd, false, SizeSource.AUTO)) {
            tableOffset = img.header().tableOffset();
        }
        growAndVerify(vhd, 40L << 20); // 20 entries: still inside the 512-byte BAT sector
        try (VhdImage img = VhdImage.open(vhd, false, SizeSource.AUTO)) {
            assertEquals(tableOffset, img.header().tableOffset(), "the BAT stayed in place");
        }
    }

    @Test
    void growDynamicDiskByMovingTheBat() throws Exception {
        Path vhd = dir.resolve("d.vhd");
        VhdCreator.createDynamic(vhd, 4L << 20, 64 * 1024);
        long tableOffset;
        try (VhdImage img = VhdImage.open(vhd, false, SizeSource.AUTO)) {
            tableOffset = img.header().tableOffset();
        }
        growAndVerify(vhd, 16L << 20); // 256 entries of 64 KiB blocks: more than the BAT's sector holds
        try (VhdImage img = VhdImage.open(vhd, false, SizeSource.AUTO)) {
            assertNotEquals(tableOffset, img.header().tableOffset(), "the BAT moved to the end");
        }
    }

    @Test
    void growQemuDynamicDisk() throws Exception {
        Path vhd = dir.resolve("q.vhd");
        QemuImg.ok("qemu-img", "create", "-f", "vpc", vhd.toString(), "6M");
        growAndVerify(vhd, 40L << 20);
    }

    @Test
    void shrinkingIsRefused() throws Exception {
        Path vhd = dir.resolve("d.vhd");
        VhdCreator.createDynamic(vhd, 8L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        BlockIoException e = assertThrows(BlockIoException.class, () -> VhdResizer.grow(vhd, 1L << 20));
        assertEquals(BlockIoException.Kind.UNSUPPORTED, e.kind());
        assertTrue(e.getMessage().contains("shrinking"), e.getMessage());
    }
}
