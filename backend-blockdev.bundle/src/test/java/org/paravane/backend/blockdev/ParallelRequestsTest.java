package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paravane.api.blk.BlockIoException;

/**
 * Random requests queued together are served at the same time ({@link ParallelSet}) on a real
 * file: the bytes land where they belong, overlapping writes keep their order, a flush stays
 * between the writes around it, a fault fails exactly its request, and the helper threads or
 * the Linux AIO context that served them end with the disk. Each such test runs on a buffered
 * disk (calls on helper threads) and on an O_DIRECT one (calls through {@link LinuxAio}). The
 * I/O thread is held on a gate so the requests are queued before it looks at them.
 */
class ParallelRequestsTest {

    private static final int K4 = 4096;
    private static final Map<String, String> DIRECT = Map.of(BlockdevBackend.OPTION_DIRECT_IO, "true");

    @TempDir
    Path dir;

    private Path image(long bytes) throws Exception {
        return Disks.sparseImage(dir, "parallel.img", bytes);
    }

    /**
     * For O_DIRECT, an image whose blocks are all written and on disk, so the AIO tests
     * overwrite allocated blocks (writes into holes are tested on their own below).
     */
    private Path image(long bytes, boolean direct) throws Exception {
        Path p = image(bytes);
        if (direct) {
            // written and on disk: blocks still in the page cache are not allocated yet either
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate((int) bytes), 0);
                ch.force(true);
            }
        }
        return p;
    }

    /** The image opened buffered, or with O_DIRECT (skipped where the file system refuses it). */
    private static RawBlockDisk open(Path p, boolean direct) throws Exception {
        if (!direct) {
            return Disks.open(p);
        }
        assumeTrue(!Disks.run("stat", "-f", "-c", "%T", p.getParent().toString()).strip().equals("tmpfs"),
                "the temp dir is on tmpfs: O_DIRECT may be refused");
        RawBlockDisk disk = Disks.open(p, false, DIRECT);
        assertTrue(disk.directIo(), "opened with O_DIRECT");
        return disk;
    }

    /** {@link #open} with {@code properties} set while the disk is made (it reads them then). */
    private static RawBlockDisk openWith(Map<String, String> properties, Path p, boolean direct) throws Exception {
        properties.forEach(System::setProperty);
        try {
            return open(p, direct);
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    /** Writes {@code n} of the random blocks, all queued behind the held I/O thread, and waits for them. */
    private static void queuedRandomWrites(RawBlockDisk disk, int n) throws Exception {
        CountDownLatch gate = Disks.hold(disk);
        List<CompletionStage<Void>> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            writes.add(disk.write(sector(i), List.of(Disks.segment(Disks.pattern(K4, i)))));
        }
        gate.countDown();
        for (CompletionStage<Void> w : writes) {
            Disks.await(w);
        }
    }

    /** Sixteen 4 KiB blocks spread over the disk, none next to another. */
    private static long sector(int i) {
        return (long) ((i * 7) % 16) * 64 + 8;
    }

    @ParameterizedTest(name = "O_DIRECT {0}")
    @ValueSource(booleans = {false, true})
    void queuedRandomWritesAndReadsAreServedTogetherAndLandWhereTheyBelong(boolean direct) throws Exception {
        Path p = image(1 << 20, direct);
        byte[][] data = new byte[16][];
        String name = "blockdev-io-" + p.getFileName() + "-1";
        try (RawBlockDisk disk = open(p, direct)) {
            CountDownLatch gate = Disks.hold(disk);
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                data[i] = Disks.pattern(K4, 20 + i);
                writes.add(disk.write(sector(i), List.of(Disks.segment(data[i]))));
            }
            gate.countDown();
            for (CompletionStage<Void> w : writes) {
                Disks.await(w);
            }
            assertEquals(1, disk.parallelSets(), "sixteen queued random writes, one set");
            assertEquals(0, disk.mergedCalls(), "none continues another");
            if (direct) {
                assertEquals(16, disk.aioCalls(), "every write went to the kernel through AIO");
                assertFalse(Disks.threadAlive(name), "no helper was needed");
            } else {
                assertEquals(0, disk.aioCalls(), "no AIO for a buffered file");
                assertTrue(Disks.threadAlive(name), "a helper served part of the set");
            }

            gate = Disks.hold(disk);
            MemorySegment[] back = new MemorySegment[data.length];
            List<CompletionStage<Void>> reads = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                back[i] = Disks.zeroed(K4);
                reads.add(disk.read(sector(i), List.of(back[i])));
            }
            gate.countDown();
            for (int i = 0; i < data.length; i++) {
                Disks.await(reads.get(i));
                assertArrayEquals(data[i], back[i].toArray(ValueLayout.JAVA_BYTE), "read " + i);
            }
            assertEquals(2, disk.parallelSets());
            assertEquals(direct ? 32 : 0, disk.aioCalls());
        }
        assertTrue(Disks.threadGone(name), "the helpers end with the disk");
        byte[] file = Files.readAllBytes(p);
        for (int i = 0; i < data.length; i++) {
            int at = (int) sector(i) * 512;
            assertArrayEquals(data[i], Arrays.copyOfRange(file, at, at + K4), "file bytes of write " + i);
        }
    }

    @ParameterizedTest(name = "O_DIRECT {0}")
    @ValueSource(booleans = {false, true})
    void overlappingWritesKeepTheirOrderAndAFlushEndsTheSet(boolean direct) throws Exception {
        Path p = image(1 << 20, direct);
        byte[] first = Disks.pattern(K4, 1);
        byte[] second = Disks.pattern(K4, 2);
        byte[] other = Disks.pattern(K4, 3);
        byte[] afterFlush = Disks.pattern(K4, 4);
        try (RawBlockDisk disk = open(p, direct)) {
            CountDownLatch gate = Disks.hold(disk);
            List<CompletionStage<Void>> all = new ArrayList<>();
            all.add(disk.write(8, List.of(Disks.segment(first))));
            all.add(disk.write(800, List.of(Disks.segment(other))));
            all.add(disk.write(8, List.of(Disks.segment(second)))); // overlaps the first: a new set
            all.add(disk.write(1600, List.of(Disks.segment(other))));
            all.add(disk.flush());
            all.add(disk.write(1000, List.of(Disks.segment(afterFlush))));
            all.add(disk.write(1200, List.of(Disks.segment(afterFlush))));
            gate.countDown();
            for (CompletionStage<Void> s : all) {
                Disks.await(s);
            }
            // the second write to sector 8 joins the open set only once the first has ended
            assertEquals(2, disk.parallelSets(), "{first, other, then second, other}, {two after the flush}");
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(second, Arrays.copyOfRange(file, 8 * 512, 8 * 512 + K4), "the later write wins");
        assertArrayEquals(other, Arrays.copyOfRange(file, 800 * 512, 800 * 512 + K4));
        assertArrayEquals(afterFlush, Arrays.copyOfRange(file, 1200 * 512, 1200 * 512 + K4));
    }

    @ParameterizedTest(name = "O_DIRECT {0}")
    @ValueSource(booleans = {false, true})
    void aFaultInASetFailsExactlyItsRequest(boolean direct) throws Exception {
        Path p = image(1 << 20, direct);
        byte[] a = Disks.pattern(K4, 5);
        byte[] c = Disks.pattern(K4, 6);
        try (RawBlockDisk disk = open(p, direct)) {
            CountDownLatch gate = Disks.hold(disk);
            CompletionStage<Void> wa = disk.write(8, List.of(Disks.segment(a)));
            // an address no process can map (below mmap_min_addr): the kernel answers EFAULT
            CompletionStage<Void> wb = disk.write(400, List.of(MemorySegment.ofAddress(4096).reinterpret(K4)));
            CompletionStage<Void> wc = disk.write(800, List.of(Disks.segment(c)));
            gate.countDown();
            Disks.await(wa);
            BlockIoException e = assertThrows(BlockIoException.class, () -> Disks.await(wb));
            assertEquals(BlockIoException.Kind.IO_ERROR, e.kind());
            Disks.await(wc);
            assertEquals(1, disk.parallelSets());
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(a, Arrays.copyOfRange(file, 8 * 512, 8 * 512 + K4));
        assertArrayEquals(new byte[K4], Arrays.copyOfRange(file, 400 * 512, 400 * 512 + K4));
        assertArrayEquals(c, Arrays.copyOfRange(file, 800 * 512, 800 * 512 + K4));
    }

    @Test
    void thePropertyServesRandomRequestsOneAtATime() throws Exception {
        Path p = image(1 << 20);
        try (RawBlockDisk disk = openWith(Map.of(RawBlockDisk.PARALLEL_REQUESTS_PROPERTY, "1",
                RawBlockDisk.IO_THREADS_PROPERTY, "1"), p, false)) {
            queuedRandomWrites(disk, 4);
            assertEquals(0, disk.parallelSets());
        }
    }
    @Test
    void theAioPropertyServesSetsOnHelpersEvenWithODirect() throws Exception {
        Path p = image(1 << 20, true);
        String name = "blockdev-io-" + p.getFileName() + "-1";
        try (RawBlockDisk disk = openWith(Map.of(RawBlockDisk.AIO_PROPERTY, "false"), p, true)) {
            queuedRandomWrites(disk, 4);
            assertEquals(1, disk.parallelSets());
            assertEquals(0, disk.aioCalls());
            assertTrue(Disks.threadAlive(name), "helpers served the set");
        }
    }

    @Test
    void directWritesIntoTheHolesOfASparseImageLandThroughAio() throws Exception {
        Path p = image(1 << 20);
        byte[][] data = new byte[4][];
        try (RawBlockDisk disk = open(p, true)) {
            CountDownLatch gate = Disks.hold(disk);
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                data[i] = Disks.pattern(K4, 40 + i);
                writes.add(disk.write(sector(i), List.of(Disks.segment(data[i]))));
            }
            gate.countDown();
            for (CompletionStage<Void> w : writes) {
                Disks.await(w);
            }
            assertEquals(4, disk.aioCalls(), "the file system allocated each hole inside io_submit");
            assertTrue(Disks.allocatedBlocks(p) >= 4 * 8, "the holes are allocated now");
        }
        byte[] file = Files.readAllBytes(p);
        for (int i = 0; i < data.length; i++) {
            int at = (int) sector(i) * 512;
            assertArrayEquals(data[i], Arrays.copyOfRange(file, at, at + K4), "file bytes of write " + i);
        }
    }

    @Test
    void aShortAsynchronousReadFailsWithTheFileNameAndTheOthersSucceed() throws Exception {
        Path p = image(1 << 20, true);
        byte[] low = Disks.pattern(K4, 7);
        try (RawBlockDisk disk = open(p, true)) {
            Disks.await(disk.write(8, List.of(Disks.segment(low))));
            CountDownLatch gate = Disks.hold(disk);
            MemorySegment lowBack = Disks.zeroed(K4);
            CompletionStage<Void> inside = disk.read(8, List.of(lowBack));
            CompletionStage<Void> beyond = disk.read(1600, List.of(Disks.zeroed(K4)));
            CompletionStage<Void> alsoInside = disk.read(200, List.of(Disks.zeroed(K4)));
            // the image shrinks under the open disk: a read past the new end comes back short
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(256 * 1024);
            }
            gate.countDown();
            Disks.await(inside);
            assertArrayEquals(low, lowBack.toArray(ValueLayout.JAVA_BYTE));
            BlockIoException e = assertThrows(BlockIoException.class, () -> Disks.await(beyond));
            assertEquals(BlockIoException.Kind.IO_ERROR, e.kind());
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("end of file"),
                    e.getMessage());
            Disks.await(alsoInside);
            assertEquals(3, disk.aioCalls(), "all three went through AIO; the short one was redone on its own");
        }
    }

    @Test
    void closingTheDiskReleasesItsAioContextAndEventfd() throws Exception {
        Path p = image(1 << 20, true);
        long aioMaps = aioMappings();
        long eventfds = eventfds();
        try (RawBlockDisk disk = open(p, true)) {
            assertEquals(aioMaps, aioMappings(), "no context before the first parallel set");
            CountDownLatch gate = Disks.hold(disk);
            CompletionStage<Void> a = disk.write(8, List.of(Disks.segment(Disks.pattern(K4, 1))));
            CompletionStage<Void> b = disk.write(800, List.of(Disks.segment(Disks.pattern(K4, 2))));
            gate.countDown();
            Disks.await(a);
            Disks.await(b);
            assertEquals(2, disk.aioCalls());
            assertEquals(aioMaps + 1, aioMappings(), "the context's ring is mapped");
            assertEquals(eventfds + 1, eventfds());
        }
        assertEquals(aioMaps, aioMappings(), "io_destroy unmapped the ring");
        assertEquals(eventfds, eventfds(), "the eventfd is closed");
    }

    /** Linux AIO contexts of this process: each maps its ring as "/[aio]" (see /proc/self/maps). */
    private static long aioMappings() throws Exception {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains("/[aio]")).count();
        }
    }

    /** Open eventfds of this process. */
    private static long eventfds() throws Exception {
        long n = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals("anon_inode:[eventfd]")) {
                        n++;
                    }
                } catch (java.io.IOException gone) {
                    // the descriptor that listed the directory, closed meanwhile
                }
            }
        }
        return n;
    }
}
