package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockIoException;

/**
 * Large O_DIRECT transfers through the huge-page staging buffer ({@link StagingBuffers}), on
 * a real file: the bytes land where they belong whichever way the caller's pages lie, merged
 * batches are staged per system call, small or buffered transfers are not, and a short read
 * still fails with the file's name.
 */
class StagedTransfersTest {

    private static final int PAGE = 4096;
    private static final int MIB = 1 << 20;
    private static final Map<String, String> DIRECT = Map.of(BlockdevBackend.OPTION_DIRECT_IO, "true");

    @TempDir
    Path dir;

    private Path image(long bytes) throws Exception {
        assumeTrue(!Disks.run("stat", "-f", "-c", "%T", dir.toString()).strip().equals("tmpfs"),
                "the temp dir is on tmpfs: O_DIRECT may be refused");
        return Disks.sparseImage(dir, "staged.img", bytes);
    }

    /**
     * {@code data} as one page per separately allocated buffer, allocated last page first so
     * that the pieces are not in address order (as a guest's granted pages are not).
     */
    private static List<MemorySegment> scatteredPages(byte[] data, Arena arena) {
        int n = data.length / PAGE;
        MemorySegment[] pages = new MemorySegment[n];
        for (int i = n - 1; i >= 0; i--) {
            pages[i] = arena.allocate(PAGE, PAGE);
            MemorySegment.copy(MemorySegment.ofArray(data), (long) i * PAGE, pages[i], 0, PAGE);
        }
        return List.of(pages);
    }

    private static byte[] joined(List<MemorySegment> pages) {
        byte[] out = new byte[pages.size() * PAGE];
        for (int i = 0; i < pages.size(); i++) {
            MemorySegment.copy(pages.get(i), ValueLayout.JAVA_BYTE, 0, out, i * PAGE, PAGE);
        }
        return out;
    }

    @Test
    void aOneMebibyteWriteAndReadOfScatteredPagesGoThroughOneStagingBuffer() throws Exception {
        Path p = image(4L * MIB);
        byte[] data = Disks.pattern(MIB, 71);
        try (Arena arena = Arena.ofShared(); RawBlockDisk disk = Disks.open(p, false, DIRECT)) {
            assertTrue(disk.directIo());
            Disks.await(disk.write(2048, scatteredPages(data, arena))); // byte 1 MiB
            List<MemorySegment> back = scatteredPages(new byte[MIB], arena);
            Disks.await(disk.read(2048, back));
            assertArrayEquals(data, joined(back));
            // one virtually contiguous 1 MiB buffer takes the same path, unless the page
            // allocator happened to give it physically contiguous pages (then PageLayout skips it)
            MemorySegment whole = arena.allocate(MIB, PAGE);
            Disks.await(disk.read(2048, List.of(whole)));
            assertArrayEquals(data, whole.toArray(ValueLayout.JAVA_BYTE));
            boolean wholeContiguous = PageLayout.SELF.contiguous(
                    List.of(new Transfer(false, 0, List.of(whole), MIB, true, null)));
            assertEquals(wholeContiguous ? 2 : 3, disk.stagedCalls(),
                    "the write and the reads from scattered pages were staged");
            assertEquals(1, disk.stagingBuffersMapped(), "one buffer, reused");
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(data, Arrays.copyOfRange(file, MIB, 2 * MIB));
        assertArrayEquals(new byte[MIB], Arrays.copyOf(file, MIB), "nothing before it was touched");
        assertArrayEquals(new byte[2 * MIB], Arrays.copyOfRange(file, 2 * MIB, 4 * MIB), "nor after it");
    }

    @Test
    void queuedSequentialRequestsAreMergedAndEachSystemCallIsStaged() throws Exception {
        Path p = image(8L * MIB);
        int parts = 8;
        int part = 512 * 1024;
        byte[][] data = new byte[parts][];
        try (Arena arena = Arena.ofShared(); RawBlockDisk disk = Disks.open(p, false, DIRECT)) {
            CountDownLatch gate = Disks.hold(disk);
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                data[i] = Disks.pattern(part, 80 + i);
                writes.add(disk.write((long) i * part / 512, scatteredPages(data[i], arena)));
            }
            gate.countDown();
            for (CompletionStage<Void> w : writes) {
                Disks.await(w);
            }
            assertEquals(parts, disk.mergedRequests(), "all eight writes were served merged");
            long staged = disk.stagedCalls();
            assertTrue(staged >= 1 && staged <= parts, "merged calls were staged: " + staged);

            gate = Disks.hold(disk);
            List<List<MemorySegment>> reads = new ArrayList<>();
            List<CompletionStage<Void>> done = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                List<MemorySegment> pages = scatteredPages(new byte[part], arena);
                reads.add(pages);
                done.add(disk.read((long) i * part / 512, pages));
            }
            gate.countDown();
            for (int i = 0; i < parts; i++) {
                Disks.await(done.get(i));
                assertArrayEquals(data[i], joined(reads.get(i)), "read " + i);
            }
            assertTrue(disk.stagedCalls() > staged, "the merged reads were staged too");
            assertTrue(disk.stagingBuffersMapped() <= RawBlockDisk.DEFAULT_IO_THREADS,
                    "at most one buffer per system call in flight: " + disk.stagingBuffersMapped());
        }
        byte[] file = Files.readAllBytes(p);
        for (int i = 0; i < parts; i++) {
            assertArrayEquals(data[i], Arrays.copyOfRange(file, i * part, (i + 1) * part), "part " + i);
        }
    }

    @Test
    void memoryAlreadyInAHugePageGoesStraightToTheKernel() throws Exception {
        assumeTrue(PageLayout.SELF.framesVisible(), "page frames are hidden here (not root): everything is staged");
        Path p = image(2L * MIB);
        byte[] data = Disks.pattern(MIB, 93);
        try (Arena arena = Arena.ofShared(); RawBlockDisk disk = Disks.open(p, false, DIRECT)) {
            MemorySegment huge = PageLayoutTest.touchedHugePages(arena, 2 * MIB);
            MemorySegment.copy(MemorySegment.ofArray(data), 0, huge, 0, MIB);
            List<MemorySegment> lent = new ArrayList<>();
            for (int i = 0; i < MIB / PAGE; i++) {
                lent.add(huge.asSlice((long) i * PAGE, PAGE)); // page by page, as through the ring
            }
            Disks.await(disk.write(0, lent));
            assertEquals(0, disk.stagedCalls(), "contiguous memory is not copied");
            Disks.await(disk.write(2048, scatteredPages(data, arena)));
            assertEquals(1, disk.stagedCalls(), "scattered pages still are");
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(data, Arrays.copyOf(file, MIB));
        assertArrayEquals(data, Arrays.copyOfRange(file, MIB, 2 * MIB));
    }

    @Test
    void smallTransfersAndBufferedDisksAreNotStaged() throws Exception {
        Path p = image(2L * MIB);
        byte[] small = Disks.pattern(128 * 1024, 90);
        byte[] large = Disks.pattern(MIB, 91);
        try (Arena arena = Arena.ofShared()) {
            try (RawBlockDisk disk = Disks.open(p, false, DIRECT)) {
                Disks.await(disk.write(0, scatteredPages(small, arena)));
                assertEquals(0, disk.stagedCalls(), "128 KiB is below the 256 KiB threshold");
                assertEquals(0, disk.stagingBuffersMapped());
            }
            try (RawBlockDisk disk = Disks.open(p)) {
                Disks.await(disk.write(2048, scatteredPages(large, arena)));
                assertEquals(0, disk.stagedCalls(), "buffered I/O goes through the page cache anyway");
            }
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(small, Arrays.copyOf(file, small.length));
        assertArrayEquals(large, Arrays.copyOfRange(file, MIB, 2 * MIB));
    }

    @Test
    void aStagedReadPastTheEndOfATruncatedFileFailsNamingTheFile() throws Exception {
        Path p = image(4L * MIB);
        byte[] before = Disks.pattern(4 * MIB, 95);
        Files.write(p, before);
        try (Arena arena = Arena.ofShared(); RawBlockDisk disk = Disks.open(p, false, DIRECT)) {
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(2L * MIB + 512 * 1024); // shrunk under the open disk
            }
            List<MemorySegment> pages = scatteredPages(new byte[MIB], arena);
            BlockIoException e = assertThrows(BlockIoException.class, () -> Disks.await(disk.read(4096, pages)));
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("end of file"),
                    e.getMessage());
            assertEquals(1, disk.stagedCalls(), "the short read was staged");
            // what the file still held arrived before the error
            assertArrayEquals(Arrays.copyOfRange(before, 2 * MIB, 2 * MIB + 512 * 1024),
                    Arrays.copyOf(joined(pages), 512 * 1024));
        }
    }
}
