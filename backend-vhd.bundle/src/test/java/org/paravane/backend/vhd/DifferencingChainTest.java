package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.paravane.api.blk.BlockIoException;

/**
 * Writes into children are 4 KiB-aligned: libvhdi (20210425) decides parent-or-child per
 * bitmap byte, i.e. per 8 sectors, where the spec (and Paravane) decide per sector.
 *
 * <p>Snapshots (differencing children), chains, coalesce; cross-checked with libvhdi (which
 * reads chains) and qemu-img (which reads each file alone: its vpc driver has no
 * differencing support, so a child read by qemu shows only the child's own sectors).
 */
class DifferencingChainTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needTools() {
        QemuImg.require();
        Libvhdi.require();
    }

    @Test
    void snapshotChildReadsParentPlusChild() throws Exception {
        Path base = dir.resolve("base.vhd");
        VhdCreator.createDynamic(base, 12L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        DiskModel chain;
        try (VhdImage b = VhdChain.open(base, true, SizeSource.AUTO)) {
            chain = new DiskModel(b.sectors() * 512);
            chain.write(b, 0, DiskModel.pattern(1, 64 * 512));
            chain.write(b, 5000, DiskModel.pattern(2, 2000 * 512));
        }
        DiskModel baseOnly = new DiskModel(chain.bytes);
        DiskModel childOnly = new DiskModel(chain.bytes.length);

        Path child = dir.resolve("child.vhd");
        VhdCreator.snapshot(base, child);
        try (VhdImage c = VhdChain.open(child, true, SizeSource.AUTO)) {
            assertEquals(Vhd.TYPE_DIFFERENCING, c.footer().diskType());
            assertNotNull(c.parent());
            chain.assertImageMatches(c); // an empty child shows the parent
            byte[] p3 = DiskModel.pattern(3, 16 * 512);
            chain.write(c, 56, p3); // overlaps the parent's data partly
            childOnly.apply(56, p3);
            byte[] p4 = DiskModel.pattern(4, 8 * 512);
            chain.write(c, 9000, p4); // inside a block the parent never allocated
            childOnly.apply(9000, p4);
            chain.assertImageMatches(c);
        }
        assertEquals(List.of(), VhdChecker.check(child));

        // libvhdi, with the parent attached, reads parent+child.
        chain.assertSame(Libvhdi.readChain(dir.resolve("libvhdi.raw"), child, base), "libvhdi chain read");
        // qemu reads the base unchanged, and the child file alone as its own sectors only.
        baseOnly.assertSame(QemuImg.toRaw(base, dir), "qemu-img convert of the base");
        childOnly.assertSame(QemuImg.toRaw(child, dir), "qemu-img convert of the child alone");
        QemuImg.check(child);

        // Coalesce: the base now holds the chain's content, as qemu sees it.
        long copied = VhdCoalescer.coalesce(child);
        assertEquals(24, copied);
        QemuImg.assertSameContent(base, chain.save(dir.resolve("chain.raw")));
        assertEquals(List.of(), VhdChecker.check(base));
        try (VhdImage c = VhdChain.open(child, false, SizeSource.AUTO)) {
            chain.assertImageMatches(c);
        }
    }

    @Test
    void threeLevelChainOverQemuImageSurvivesAMove() throws Exception {
        Path base = dir.resolve("qbase.vhd");
        QemuImg.ok("qemu-img", "create", "-f", "vpc", base.toString(), "8M");
        QemuImg.qemuIoWrite(base, 0x11, 0, 1 << 20);
        long size = QemuImg.virtualSize(base);
        DiskModel chain = new DiskModel(size);
        java.util.Arrays.fill(chain.bytes, 0, 1 << 20, (byte) 0x11);

        Path mid = dir.resolve("mid.vhd");
        VhdCreator.createDifferencing(mid, base);
        try (VhdImage m = VhdChain.open(mid, true, SizeSource.AUTO)) {
            chain.write(m, 96, DiskModel.pattern(5, 104 * 512));
        }
        Path top = dir.resolve("top.vhd");
        VhdCreator.createDifferencing(top, mid);
        try (VhdImage t = VhdChain.open(top, true, SizeSource.AUTO)) {
            chain.write(t, 152, DiskModel.pattern(6, 96 * 512));
            chain.write(t, size / 512 - 8, DiskModel.pattern(7, 8 * 512));
        }
        // Move the whole chain: the relative (W2ru) locators still find the parents.
        Path moved = Files.createDirectory(dir.resolve("moved"));
        for (String n : List.of("qbase.vhd", "mid.vhd", "top.vhd")) {
            Files.move(dir.resolve(n), moved.resolve(n));
        }
        Path movedTop = moved.resolve("top.vhd");
        try (VhdImage t = VhdChain.open(movedTop, false, SizeSource.AUTO)) {
            assertEquals(moved.resolve("mid.vhd").toRealPath(), t.parent().path().toRealPath());
            chain.assertImageMatches(t);
        }
        chain.assertSame(Libvhdi.readChain(dir.resolve("l.raw"), movedTop, moved.resolve("mid.vhd"),
                moved.resolve("qbase.vhd")), "libvhdi three-level chain");
    }

    @Test
    void snapshotOfFixedDiskAndReadsPastAShorterParent() throws Exception {
        Path base = dir.resolve("fixed.vhd");
        VhdCreator.createFixed(base, 4L << 20);
        DiskModel chain;
        try (VhdImage b = VhdChain.open(base, true, SizeSource.AUTO)) {
            chain = new DiskModel(b.sectors() * 512);
            chain.write(b, 10, DiskModel.pattern(8, 4096));
        }
        Path child = dir.resolve("child.vhd");
        VhdCreator.createDifferencing(child, base);
        long grown = VhdResizer.grow(child, 9L << 20);
        assertTrue(grown >= 9L << 20);
        DiskModel big = new DiskModel(grown);
        System.arraycopy(chain.bytes, 0, big.bytes, 0, chain.bytes.length);
        try (VhdImage c = VhdChain.open(child, true, SizeSource.AUTO)) {
            assertEquals(grown / 512, c.sectors());
            big.write(c, (grown / 512 - 10) & ~7L, DiskModel.pattern(9, 8 * 512)); // beyond the parent's end
            big.assertImageMatches(c);
        }
        VhdCoalescer.coalesce(child); // grows the fixed parent first
        // libvhdi fails reads past the end of a shorter parent, so it checks the chain only
        // now that coalesce has grown the parent.
        big.assertSame(Libvhdi.readChain(dir.resolve("l.raw"), child, base), "libvhdi over a fixed parent");
        QemuImg.assertSameContent(base, big.save(dir.resolve("big.raw")));
        assertEquals(grown, QemuImg.virtualSize(base));
    }

    @Test
    void readsAcrossManyRunsOfABitmap() throws Exception {
        Path base = dir.resolve("b.vhd");
        VhdCreator.createDynamic(base, 2L << 20, 64 * 1024);
        DiskModel m;
        try (VhdImage b = VhdChain.open(base, true, SizeSource.AUTO)) {
            m = new DiskModel(b.sectors() * 512);
            m.write(b, 0, DiskModel.pattern(10, 256 * 512));
        }
        Path child = dir.resolve("c.vhd");
        VhdCreator.createDifferencing(child, base);
        try (VhdImage c = VhdChain.open(child, true, SizeSource.AUTO)) {
            for (int s = 0; s < 256; s += 24) { // every third 4 KiB: alternating runs
                m.write(c, s, DiskModel.pattern(100 + s, 8 * 512));
            }
            m.write(c, 250, DiskModel.pattern(99, 512)); // and one lone sector (Paravane only)
            byte[] got = new byte[200 * 512];
            c.read(7, MemorySegment.ofArray(got));
            assertEquals(java.nio.ByteBuffer.wrap(m.bytes, 7 * 512, got.length), java.nio.ByteBuffer.wrap(got));
        }
        byte[] lib = Libvhdi.readChain(dir.resolve("l.raw"), child, base);
        assertEquals(java.nio.ByteBuffer.wrap(m.bytes, 0, 248 * 512), java.nio.ByteBuffer.wrap(lib, 0, 248 * 512),
                "libvhdi with fragmented bitmaps");
    }

    @ParameterizedTest
    @EnumSource(AllocationStep.class)
    void coalesceInterruptedByACrashReadsTheSameAndCanBeRerun(AllocationStep crashAfter) throws Exception {
        Path base = dir.resolve("base.vhd");
        VhdCreator.createDynamic(base, 8L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        DiskModel chain;
        try (VhdImage b = VhdChain.open(base, true, SizeSource.AUTO)) {
            chain = new DiskModel(b.sectors() * 512);
            chain.write(b, 0, DiskModel.pattern(1, 64 * 512));
        }
        Path child = dir.resolve("child.vhd");
        VhdCreator.snapshot(base, child);
        try (VhdImage c = VhdChain.open(child, true, SizeSource.AUTO)) {
            chain.write(c, 8, DiskModel.pattern(2, 8 * 512)); // block 0: allocated in the parent
            chain.write(c, 4096 + 64, DiskModel.pattern(3, 8 * 512)); // block 1: new in the parent
            chain.write(c, 3 * 4096, DiskModel.pattern(4, 8 * 512)); // block 3: new in the parent
        }
        BlockIoException e = assertThrows(BlockIoException.class, () -> VhdCoalescer.coalesce(child, step -> {
                    if (step == crashAfter) {
                        throw new IOException("simulated crash after " + step);
                    }
                }));
        assertTrue(e.getMessage().contains("simulated crash"), e.getMessage());
        assertEquals(List.of(), VhdChecker.check(base));
        QemuImg.check(base);
        try (VhdImage c = VhdChain.open(child, false, SizeSource.AUTO)) {
            chain.assertImageMatches(c); // the chain reads as before
        }
        chain.assertSame(Libvhdi.readChain(dir.resolve("l.raw"), child, base), "libvhdi after an interrupted coalesce");
        assertEquals(24, VhdCoalescer.coalesce(child));
        QemuImg.assertSameContent(base, chain.save(dir.resolve("chain.raw")));
    }
}
