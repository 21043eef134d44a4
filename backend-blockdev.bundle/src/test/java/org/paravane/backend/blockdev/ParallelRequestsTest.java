package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Random requests queued together are served at the same time ({@link ParallelSet}) on a real
 * file: the bytes land where they belong, overlapping writes keep their order, a flush stays
 * between the writes around it, a fault fails exactly its request, and the helper threads
 * that served them end with the disk. The I/O thread is held on a gate so the requests are
 * queued before it looks at them.
 */
class ParallelRequestsTest {

    private static final int K4 = 4096;

    @TempDir
    Path dir;

    private Path image(long bytes) throws Exception {
        return Disks.sparseImage(dir, "parallel.img", bytes);
    }

    /** Sixteen 4 KiB blocks spread over the disk, none next to another. */
    private static long sector(int i) {
        return (long) ((i * 7) % 16) * 64 + 8;
    }

    @Test
    void queuedRandomWritesAndReadsAreServedTogetherAndLandWhereTheyBelong() throws Exception {
        Path p = image(1 << 20);
        byte[][] data = new byte[16][];
        String name = "blockdev-io-" + p.getFileName() + "-1";
        try (RawBlockDisk disk = Disks.open(p)) {
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
            assertTrue(Disks.threadAlive(name), "a helper served part of the set");

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
        }
        assertTrue(Disks.threadGone(name), "the helpers end with the disk");
        byte[] file = Files.readAllBytes(p);
        for (int i = 0; i < data.length; i++) {
            int at = (int) sector(i) * 512;
            assertArrayEquals(data[i], Arrays.copyOfRange(file, at, at + K4), "file bytes of write " + i);
        }
    }

    @Test
    void overlappingWritesKeepTheirOrderAndAFlushEndsTheSet() throws Exception {
        Path p = image(1 << 20);
        byte[] first = Disks.pattern(K4, 1);
        byte[] second = Disks.pattern(K4, 2);
        byte[] other = Disks.pattern(K4, 3);
        byte[] afterFlush = Disks.pattern(K4, 4);
        try (RawBlockDisk disk = Disks.open(p)) {
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

    @Test
    void aFaultInASetFailsExactlyItsRequest() throws Exception {
        Path p = image(1 << 20);
        byte[] a = Disks.pattern(K4, 5);
        byte[] c = Disks.pattern(K4, 6);
        try (RawBlockDisk disk = Disks.open(p)) {
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
        System.setProperty(RawBlockDisk.PARALLEL_REQUESTS_PROPERTY, "1");
        System.setProperty(RawBlockDisk.IO_THREADS_PROPERTY, "1");
        RawBlockDisk disk;
        try {
            disk = Disks.open(p, false, Map.of());
        } finally {
            System.clearProperty(RawBlockDisk.PARALLEL_REQUESTS_PROPERTY);
            System.clearProperty(RawBlockDisk.IO_THREADS_PROPERTY);
        }
        try (disk) {
            CountDownLatch gate = Disks.hold(disk);
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                writes.add(disk.write(sector(i), List.of(Disks.segment(Disks.pattern(K4, i)))));
            }
            gate.countDown();
            for (CompletionStage<Void> w : writes) {
                Disks.await(w);
            }
            assertEquals(0, disk.parallelSets());
        }
    }
}
