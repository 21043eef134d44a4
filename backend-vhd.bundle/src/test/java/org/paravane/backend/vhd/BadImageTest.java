package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/** Bad images fail to open with a message naming the file and the problem. */
class BadImageTest {

    @TempDir
    Path dir;

    private Path dynamicWithData(String name) throws Exception {
        Path p = dir.resolve(name);
        VhdCreator.createDynamic(p, 8L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        try (VhdImage img = VhdChain.open(p, true, SizeSource.AUTO)) {
            img.write(5000, MemorySegment.ofArray(DiskModel.pattern(1, 4096)));
        }
        return p;
    }

    private static BlockIoException failsToOpen(Path p, BlockIoException.Kind kind, String... words) {
        BlockIoException e = assertThrows(BlockIoException.class, () -> VhdChain.open(p, false, SizeSource.AUTO));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()) || e.getMessage().contains(p.getFileName().toString()),
                "message names the file: " + e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message mentions '" + w + "': " + e.getMessage());
        }
        return e;
    }

    private static void poke(Path p, long offset, byte... bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    void fileShorterThanAFooter() throws Exception {
        Path p = Files.write(dir.resolve("tiny.vhd"), new byte[100]);
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "truncated", "100 bytes");
    }

    @Test
    void notAVhdAtAll() throws Exception {
        Path p = Files.write(dir.resolve("random.vhd"), DiskModel.pattern(7, 4096));
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "cookie \"conectix\" missing");
    }

    @Test
    void truncatedFixedDisk() throws Exception {
        Path p = dir.resolve("fixed.vhd");
        VhdCreator.createFixed(p, 4L << 20);
        truncate(p, 2L << 20);
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "footer at offset " + ((2L << 20) - 512), "truncated");
    }

    @Test
    void truncatedInsideTheHeader() throws Exception {
        Path p = dynamicWithData("d.vhd");
        truncate(p, 1000);
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "truncated");
    }

    @Test
    void truncatedInsideADataBlockOfAQemuImage() throws Exception {
        QemuImg.require();
        Path raw = dir.resolve("in.raw");
        Files.write(raw, DiskModel.pattern(3, 6 << 20));
        Path p = dir.resolve("q.vhd");
        QemuImg.ok("qemu-img", "convert", "-f", "raw", "-O", "vpc", raw.toString(), p.toString());
        truncate(p, Files.size(p) - (1 << 20));
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "BAT entry 2", "beyond the end");
    }

    @Test
    void badChecksumOfAFixedDiskFooter() throws Exception {
        Path p = dir.resolve("fixed.vhd");
        VhdCreator.createFixed(p, 1L << 20);
        poke(p, Files.size(p) - 512 + 200, (byte) 1); // a reserved byte: only the checksum notices
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "field 'checksum'", "footer at offset");
    }

    @Test
    void badChecksumOfBothFootersOfADynamicDisk() throws Exception {
        Path p = dynamicWithData("d.vhd");
        long trailing = Files.size(p) - 512;
        poke(p, trailing + 200, (byte) 1);
        poke(p, 200, (byte) 1);
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "footer at offset " + trailing, "field 'checksum'");
    }

    @Test
    void badTrailingFooterIsRecoveredFromTheCopyAndRepaired() throws Exception {
        Path p = dynamicWithData("d.vhd");
        long trailing = Files.size(p) - 512;
        poke(p, trailing + 200, (byte) 1);
        assertTrue(!VhdChecker.check(p).isEmpty(), "the checker sees the damage");
        byte[] got = new byte[4096];
        try (VhdImage img = VhdChain.open(p, true, SizeSource.AUTO)) { // repairs on a writable open
            img.read(5000, MemorySegment.ofArray(got));
        }
        assertEquals(ByteBuffer.wrap(DiskModel.pattern(1, 4096)), ByteBuffer.wrap(got));
        assertEquals(List.of(), VhdChecker.check(p));
        assertEquals(trailing + 512, Files.size(p), "the broken footer was rewritten in place");
    }

    @Test
    void badHeaderChecksum() throws Exception {
        Path p = dynamicWithData("d.vhd");
        poke(p, 512 + 900, (byte) 1); // reserved area of the header
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "dynamic header at offset 512", "field 'checksum'");
    }

    @Test
    void batEntryBeyondTheEndOfTheFile() throws Exception {
        Path p = dynamicWithData("d.vhd");
        poke(p, 1536 + 4 * 3, (byte) 0x00, (byte) 0x10, (byte) 0x00, (byte) 0x00); // block 3 at sector 1 Mi
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "BAT entry 3", "sector 1048576", "beyond the end");
    }

    @Test
    void batEntryInsideTheMetadata() throws Exception {
        Path p = dynamicWithData("d.vhd");
        poke(p, 1536 + 4, (byte) 0, (byte) 0, (byte) 0, (byte) 1); // block 1 at sector 1: the header
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "BAT entry 1", "inside the header or the BAT");
    }

    @Test
    void unknownDiskType() throws Exception {
        Path p = dir.resolve("fixed.vhd");
        VhdCreator.createFixed(p, 1L << 20);
        long at = Files.size(p) - 512;
        ByteBuffer f = ByteBuffer.allocate(512);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.read(f, at);
            f.putInt(60, 5);
            f.putInt(VhdFooter.CHECKSUM_OFFSET, Vhd.checksum(f, VhdFooter.CHECKSUM_OFFSET));
            ch.write(f.rewind(), at);
        }
        failsToOpen(p, BlockIoException.Kind.BAD_IMAGE, "field 'disk type' is 5");
    }

    @Test
    void missingParent() throws Exception {
        Path base = dynamicWithData("base.vhd");
        Path child = dir.resolve("child.vhd");
        VhdCreator.createDifferencing(child, base);
        Files.delete(base);
        failsToOpen(child, BlockIoException.Kind.NOT_FOUND, "parent image not found", "base.vhd");
    }

    @Test
    void parentReplacedByAnotherImage() throws Exception {
        Path base = dynamicWithData("base.vhd");
        Path child = dir.resolve("child.vhd");
        VhdCreator.createDifferencing(child, base);
        Files.delete(base);
        dynamicWithData("base.vhd");
        failsToOpen(child, BlockIoException.Kind.BAD_IMAGE, "unique id");
    }

    @Test
    void parentChainLoop() throws Exception {
        Path base = dynamicWithData("base.vhd");
        Path x = dir.resolve("x.vhd");
        Path y = dir.resolve("y.vhd");
        VhdCreator.createDifferencing(x, base);
        VhdCreator.createDifferencing(y, x);
        VhdCreator.reparent(x, y); // x -> y -> x
        failsToOpen(y, BlockIoException.Kind.BAD_IMAGE, "parent chain loop", "y.vhd -> ", "x.vhd -> ");
    }

    @Test
    void selfParentLoop() throws Exception {
        Path base = dynamicWithData("base.vhd");
        Path x = dir.resolve("x.vhd");
        VhdCreator.createDifferencing(x, base);
        VhdCreator.reparent(x, x);
        failsToOpen(x, BlockIoException.Kind.BAD_IMAGE, "parent chain loop");
    }

    @Test
    void backendReportsTheSameProblem() throws Exception {
        Path p = dynamicWithData("d.vhd");
        poke(p, 512 + 900, (byte) 1);
        BlockIoException e = assertThrows(BlockIoException.class,
                () -> new VhdBackend().open(new BlockOpenRequest(p.toString(), "vhd", false)));
        assertEquals(BlockIoException.Kind.BAD_IMAGE, e.kind());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        BlockIoException missing = assertThrows(BlockIoException.class,
                () -> new VhdBackend().open(new BlockOpenRequest(dir.resolve("nope.vhd").toString(), "vhd", true)));
        assertEquals(BlockIoException.Kind.NOT_FOUND, missing.kind());
    }
}
