package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paravane.api.blk.BlockIoException;

/**
 * A crash after each step of a grow: the image opens (Paravane and qemu-img) with the old
 * or the new size and the old content, and growing again finishes the job.
 */
class ResizeCrashTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needQemu() {
        QemuImg.require();
    }

    enum Kind { FIXED, DYNAMIC_IN_PLACE, DYNAMIC_MOVED_BAT }

    static Stream<Arguments> cases() {
        List<VhdResizer.Step> sparse = List.of(VhdResizer.Step.TABLE_EXTENDED, VhdResizer.Step.HEADER_WRITTEN,
                VhdResizer.Step.TRAILING_FOOTER_WRITTEN, VhdResizer.Step.HEAD_FOOTER_WRITTEN);
        return Stream.concat(
                Stream.of(VhdResizer.Step.FIXED_FOOTER_WRITTEN, VhdResizer.Step.OLD_FOOTER_ZEROED)
                        .map(s -> Arguments.of(Kind.FIXED, s)),
                Stream.of(Kind.DYNAMIC_IN_PLACE, Kind.DYNAMIC_MOVED_BAT)
                        .flatMap(k -> sparse.stream().map(s -> Arguments.of(k, s))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void crashAfterStep(Kind kind, VhdResizer.Step crashAfter) throws Exception {
        Path vhd = dir.resolve("r.vhd");
        long newSize;
        switch (kind) {
            case FIXED -> {
                VhdCreator.createFixed(vhd, 2L << 20);
                newSize = 5L << 20;
            }
            case DYNAMIC_IN_PLACE -> {
                VhdCreator.createDynamic(vhd, 2L << 20, Vhd.DEFAULT_BLOCK_SIZE);
                newSize = 20L << 20;
            }
            default -> {
                VhdCreator.createDynamic(vhd, 2L << 20, 64 * 1024);
                newSize = 12L << 20;
            }
        }
        DiskModel old;
        try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
            old = new DiskModel(img.sectors() * 512);
            old.write(img, 0, DiskModel.pattern(1, 4096));
            old.write(img, img.sectors() - 8, DiskModel.pattern(2, 4096));
        }
        long oldSize = old.bytes.length;
        BlockIoException e = assertThrows(BlockIoException.class, () -> VhdResizer.grow(vhd, newSize, step -> {
            if (step == crashAfter) {
                throw new IOException("simulated crash after " + step);
            }
        }));
        assertTrue(e.getMessage().contains("simulated crash"), e.getMessage());

        long grown = VhdGeometry.coveredSectors(newSize / 512) * 512;
        long ours;
        byte[] head = new byte[(int) oldSize];
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            ours = img.sectors() * 512;
            img.read(0, MemorySegment.ofArray(head));
        }
        assertTrue(ours == oldSize || ours == grown, "size " + ours + " is the old or the new one");
        long theirs = QemuImg.virtualSize(vhd);
        assertTrue(theirs == oldSize || theirs == grown, "qemu size " + theirs);
        assertArrayEquals(old.bytes, head, "old content kept");
        assertArrayEquals(old.bytes, Arrays.copyOf(QemuImg.toRaw(vhd, dir), (int) oldSize), "qemu: old content kept");
        List<String> problems = VhdChecker.check(vhd);
        if (crashAfter == VhdResizer.Step.TRAILING_FOOTER_WRITTEN) {
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("footer copy in sector 0 differs"), problems.toString());
        } else {
            assertEquals(List.of(), problems);
        }

        assertEquals(grown, VhdResizer.grow(vhd, newSize), "growing again finishes");
        assertEquals(List.of(), VhdChecker.check(vhd));
        assertEquals(grown, QemuImg.virtualSize(vhd));
        DiskModel after = new DiskModel(grown);
        System.arraycopy(old.bytes, 0, after.bytes, 0, old.bytes.length);
        if (crashAfter == VhdResizer.Step.FIXED_FOOTER_WRITTEN) {
            // Documented: the old footer's 512 bytes stay visible at the old end.
            try (VhdImage img = VhdChain.open(vhd, true, SizeSource.AUTO)) {
                after.write(img, oldSize / 512, new byte[512]);
            }
        }
        QemuImg.assertSameContent(vhd, after.save(dir.resolve("after.raw")));
    }
}
