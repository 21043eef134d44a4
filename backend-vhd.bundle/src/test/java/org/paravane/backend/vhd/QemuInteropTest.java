package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images made by qemu-img are read and written by Paravane, and the other way round. */
class QemuInteropTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needQemu() {
        QemuImg.require();
    }

    /** A raw file with patterns in a few places, including across a 2 MiB block boundary. */
    private DiskModel rawContent(long size) {
        DiskModel m = new DiskModel(size);
        m.apply(0, DiskModel.pattern(1, 4096));
        m.apply(4096 - 3, DiskModel.pattern(2, 8 * 512)); // crosses block 0 -> 1
        m.apply(size / 512 - 8, DiskModel.pattern(3, 8 * 512)); // last sectors
        return m;
    }

    @Test
    void readsDynamicImageConvertedByQemu() throws Exception {
        long size = QemuImg.virtualSize(create("probe.vhd", "dynamic", "10M"));
        DiskModel m = rawContent(size);
        Path raw = m.save(dir.resolve("in.raw"));
        Path vhd = dir.resolve("q.vhd");
        QemuImg.ok("qemu-img", "convert", "-f", "raw", "-O", "vpc", raw.toString(), vhd.toString());
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            assertEquals(Vhd.TYPE_DYNAMIC, img.footer().diskType());
            assertEquals("qemu", img.footer().creatorApp());
            assertEquals(QemuImg.virtualSize(vhd), img.sectors() * 512);
            m.assertImageMatches(img);
        }
    }

    @Test
    void readsFixedImageConvertedByQemu() throws Exception {
        long size = QemuImg.virtualSize(create("probe.vhd", "fixed", "3M"));
        DiskModel m = rawContent(size);
        Path raw = m.save(dir.resolve("in.raw"));
        Path vhd = dir.resolve("q.vhd");
        QemuImg.ok("qemu-img", "convert", "-f", "raw", "-O", "vpc", "-o", "subformat=fixed", raw.toString(),
                vhd.toString());
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            assertEquals(Vhd.TYPE_FIXED, img.footer().diskType());
            m.assertImageMatches(img);
        }
    }

    @Test
    void writesIntoDynamicImageCreatedByQemu() throws Exception {
        writeAndCompare(create("d.vhd", "dynamic", "20M"));
    }

    @Test
    void writesIntoFixedImageCreatedByQemu() throws Exception {
        writeAndCompare(create("f.vhd", "fixed", "20M"));
    }

    private void writeAndCompare(Path vhd) throws Exception {
        long size = QemuImg.virtualSize(vhd);
        DiskModel m = new DiskModel(size);
        try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
            assertEquals(size, img.sectors() * 512);
            m.write(img, 0, DiskModel.pattern(10, 512));
            m.write(img, 4095, DiskModel.pattern(11, 3 * 512)); // two blocks, one write
            m.write(img, 9000, DiskModel.pattern(12, 64 * 1024));
            m.write(img, img.sectors() - 1, DiskModel.pattern(13, 512));
            m.write(img, 9010, DiskModel.pattern(14, 1024)); // rewrite inside an allocated block
            img.flush();
            m.assertImageMatches(img);
        }
        QemuImg.assertSameContent(vhd, m.save(dir.resolve("expected.raw")));
        QemuImg.check(vhd);
        assertEquals(java.util.List.of(), VhdChecker.check(vhd));
    }

    @Test
    void qemuReadsDynamicImageCreatedByParavane() throws Exception {
        Path vhd = dir.resolve("p.vhd");
        VhdCreator.createDynamic(vhd, 7_000_000, Vhd.DEFAULT_BLOCK_SIZE);
        roundTrip(vhd);
    }

    @Test
    void qemuReadsDynamicImageWithSmallBlocks() throws Exception {
        Path vhd = dir.resolve("p.vhd");
        VhdCreator.createDynamic(vhd, 1_000_000, 64 * 1024);
        roundTrip(vhd);
    }

    @Test
    void qemuReadsFixedImageCreatedByParavane() throws Exception {
        Path vhd = dir.resolve("p.vhd");
        VhdCreator.createFixed(vhd, 5_000_000);
        roundTrip(vhd);
    }

    private void roundTrip(Path vhd) throws Exception {
        DiskModel m;
        try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
            assertEquals(QemuImg.virtualSize(vhd), img.sectors() * 512, "qemu and Paravane agree on the size");
            m = new DiskModel(img.sectors() * 512);
            m.write(img, 1, DiskModel.pattern(20, 7 * 512));
            m.write(img, img.sectors() / 2, DiskModel.pattern(21, 130 * 512));
            m.write(img, img.sectors() - 3, DiskModel.pattern(22, 3 * 512));
        }
        QemuImg.check(vhd);
        assertEquals(java.util.List.of(), VhdChecker.check(vhd));
        QemuImg.assertSameContent(vhd, m.save(dir.resolve("expected.raw")));
        m.assertSame(QemuImg.toRaw(vhd, dir), "qemu-img convert of " + vhd);
        // And back: qemu writes into Paravane's image, Paravane reads qemu's bytes.
        long off = (m.bytes.length / 512 / 3) * 512L;
        QemuImg.qemuIoWrite(vhd, 0x5a, off, 4096);
        java.util.Arrays.fill(m.bytes, (int) off, (int) off + 4096, (byte) 0x5a);
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            m.assertImageMatches(img);
        }
    }

    @Test
    void honoursQemuForceSizeImages() throws Exception {
        Path vhd = dir.resolve("forced.vhd");
        QemuImg.ok("qemu-img", "create", "-f", "vpc", "-o", "force_size=on", vhd.toString(), "10M");
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            assertEquals("qem2", img.footer().creatorApp());
            assertEquals(10L * 1024 * 1024, img.sectors() * 512);
            assertEquals(QemuImg.virtualSize(vhd), img.sectors() * 512);
            // qemu marks forced sizes with the largest geometry, so every reader trusts "current size".
            assertTrue(img.footer().geometry().isMax(), img.footer().geometry().toString());
        }
    }

    private Path create(String name, String subformat, String size) {
        Path p = dir.resolve(name);
        if (Files.exists(p)) {
            return p;
        }
        QemuImg.ok("qemu-img", "create", "-f", "vpc", "-o", "subformat=" + subformat, p.toString(), size);
        return p;
    }
}
