package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.paravane.api.blk.BlockIoException;

/**
 * A crash after each step of block allocation: the process "dies" (the observer throws and
 * the image is abandoned without another write), then the file must be a sound image that
 * qemu-img opens, converts and compares, holding the old content before the BAT entry is
 * written and the new content after; and it must take further writes normally.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    static final class SimulatedCrash extends IOException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(AllocationStep step) {
            super("simulated crash after " + step);
        }
    }

    @BeforeEach
    void needQemu() {
        QemuImg.require();
    }

    // Block 3, unallocated; 4 KiB-aligned for libvhdi (see DifferencingChainTest).
    private static final long NEW_BLOCK_SECTOR = 3 * 4096 + 96;

    @ParameterizedTest
    @EnumSource(AllocationStep.class)
    void paravaneDynamicImage(AllocationStep crashAfter) throws Exception {
        Path vhd = dir.resolve("p.vhd");
        VhdCreator.createDynamic(vhd, 10L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        crashAndRecover(vhd, crashAfter);
    }

    @ParameterizedTest
    @EnumSource(AllocationStep.class)
    void qemuDynamicImage(AllocationStep crashAfter) throws Exception {
        Path vhd = dir.resolve("q.vhd");
        QemuImg.ok("qemu-img", "create", "-f", "vpc", vhd.toString(), "10M");
        crashAndRecover(vhd, crashAfter);
    }

    private void crashAndRecover(Path vhd, AllocationStep crashAfter) throws Exception {
        DiskModel old;
        try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
            old = new DiskModel(img.sectors() * 512);
            old.write(img, 10, DiskModel.pattern(1, 8192)); // an existing block
        }
        byte[] data = DiskModel.pattern(2, 8 * 512);
        crash(vhd, crashAfter, data);

        DiskModel expected = new DiskModel(old.bytes);
        if (crashAfter == AllocationStep.BAT_WRITTEN) {
            expected.apply(NEW_BLOCK_SECTOR, data);
        }
        assertEquals(List.of(), VhdChecker.check(vhd), "structure after a crash after " + crashAfter);
        QemuImg.check(vhd);
        QemuImg.ok("qemu-img", "info", "-f", "vpc", vhd.toString());
        QemuImg.assertSameContent(vhd, expected.save(dir.resolve("expected.raw")));
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            expected.assertImageMatches(img);
        }

        // The image keeps working: the write is redone, another block is allocated.
        try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
            expected.write(img, NEW_BLOCK_SECTOR, data);
            expected.write(img, 4 * 4096 + 7, DiskModel.pattern(3, 512));
        }
        assertEquals(List.of(), VhdChecker.check(vhd));
        QemuImg.assertSameContent(vhd, expected.save(dir.resolve("expected2.raw")));
    }

    @ParameterizedTest
    @EnumSource(AllocationStep.class)
    void differencingImage(AllocationStep crashAfter) throws Exception {
        Libvhdi.require();
        Path base = dir.resolve("base.vhd");
        VhdCreator.createDynamic(base, 16L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        DiskModel chain;
        try (VhdImage b = VhdChain.open(base, true, SizeSource.AUTO)) {
            chain = new DiskModel(b.sectors() * 512);
            chain.write(b, NEW_BLOCK_SECTOR - 96, DiskModel.pattern(4, 256 * 512)); // parent data around it
        }
        Path child = dir.resolve("child.vhd");
        VhdCreator.createDifferencing(child, base);
        byte[] data = DiskModel.pattern(5, 8 * 512);
        crash(child, crashAfter, data);

        DiskModel expected = new DiskModel(chain.bytes);
        DiskModel childOnly = new DiskModel(chain.bytes.length);
        if (crashAfter == AllocationStep.BAT_WRITTEN) {
            expected.apply(NEW_BLOCK_SECTOR, data);
            childOnly.apply(NEW_BLOCK_SECTOR, data);
        }
        assertEquals(List.of(), VhdChecker.check(child), "structure after a crash after " + crashAfter);
        QemuImg.check(child);
        QemuImg.assertSameContent(child, childOnly.save(dir.resolve("child-only.raw")));
        expected.assertSame(Libvhdi.readChain(dir.resolve("l.raw"), child, base), "libvhdi chain after crash");
        try (VhdImage img = VhdChain.open(child, true, SizeSource.AUTO)) {
            expected.assertImageMatches(img);
            expected.write(img, NEW_BLOCK_SECTOR, data);
            expected.assertImageMatches(img);
        }
        expected.assertSame(Libvhdi.readChain(dir.resolve("l2.raw"), child, base), "libvhdi chain after recovery");
    }

    private static void crash(Path vhd, AllocationStep crashAfter, byte[] data) throws BlockIoException {
        VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO);
        img.observeAllocation(step -> {
            if (step == crashAfter) {
                throw new SimulatedCrash(step);
            }
        });
        BlockIoException e = assertThrows(BlockIoException.class,
                () -> img.write(NEW_BLOCK_SECTOR, MemorySegment.ofArray(data.clone())));
        assertInstanceOf(SimulatedCrash.class, e.getCause());
        img.close(); // the "dead" process writes nothing more
        assertEquals(true, Files.exists(vhd));
    }
}
