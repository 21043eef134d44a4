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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockIoException;

/**
 * Reads and writes queued back to back are served by one system call on a real file, and a
 * fault inside a merged call fails exactly the request it hits. The I/O thread is held on a
 * gate so the requests are queued before it looks at them; the faulting piece is a buffer at
 * address 4096, below Linux's {@code mmap_min_addr}, so the kernel itself answers EFAULT.
 */
class MergedRequestsTest {

    private static final int K64 = 64 * 1024;
    private static final long SECTORS_PER_PART = K64 / 512;

    @TempDir
    Path dir;

    private Path image(long bytes) throws Exception {
        return Disks.sparseImage(dir, "merge.img", bytes);
    }


    /** A native page-aligned segment at an address no process can map (mmap_min_addr is at least 4096). */
    private static MemorySegment unmapped() {
        return MemorySegment.ofAddress(4096).reinterpret(K64);
    }

    @Test
    void sequentialWritesQueuedTogetherLandWithOneCallAndReadBackWithOne() throws Exception {
        Path p = image(1 << 20);
        byte[][] data = new byte[8][];
        try (RawBlockDisk disk = Disks.open(p)) {
            CountDownLatch gate = Disks.hold(disk);
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                data[i] = Disks.pattern(K64, 40 + i);
                // two pieces per request, from separate buffers
                MemorySegment a = Disks.segment(Arrays.copyOfRange(data[i], 0, 4096));
                MemorySegment b = Disks.segment(Arrays.copyOfRange(data[i], 4096, K64));
                writes.add(disk.write(16 + i * SECTORS_PER_PART, List.of(a, b)));
            }
            gate.countDown();
            for (CompletionStage<Void> w : writes) {
                Disks.await(w);
            }
            assertEquals(1, disk.mergedCalls(), "eight queued writes, one batch");
            assertEquals(8, disk.mergedRequests());

            gate = Disks.hold(disk);
            MemorySegment[] back = new MemorySegment[data.length];
            List<CompletionStage<Void>> reads = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                back[i] = Disks.zeroed(K64);
                reads.add(disk.read(16 + i * SECTORS_PER_PART, List.of(back[i])));
            }
            gate.countDown();
            for (CompletionStage<Void> r : reads) {
                Disks.await(r);
            }
            assertEquals(2, disk.mergedCalls());
            for (int i = 0; i < data.length; i++) {
                assertArrayEquals(data[i], back[i].toArray(ValueLayout.JAVA_BYTE), "request " + i);
            }
        }
        byte[] file = Files.readAllBytes(p);
        for (int i = 0; i < data.length; i++) {
            int at = 16 * 512 + i * K64;
            assertArrayEquals(data[i], Arrays.copyOfRange(file, at, at + K64), "file bytes of request " + i);
        }
        assertEquals(0, file[16 * 512 - 1]);
        assertEquals(0, file[16 * 512 + 8 * K64]);
    }

    /** Opens {@code p} with {@code threads} system calls per batch (1: the whole batch is one call). */
    private static RawBlockDisk openWithThreads(Path p, int threads) throws Exception {
        System.setProperty(RawBlockDisk.IO_THREADS_PROPERTY, Integer.toString(threads));
        try {
            return Disks.open(p, false, Map.of());
        } finally {
            System.clearProperty(RawBlockDisk.IO_THREADS_PROPERTY);
        }
    }

    /** With 1 thread the three requests are one pwritev; with 2 the faulting one shares a helper's call with the last. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void aMergedWriteWhosePartFaultsFailsExactlyThatRequest(int threads) throws Exception {
        Path p = image(1 << 20);
        byte[] a = Disks.pattern(K64, 1);
        byte[] c = Disks.pattern(K64, 3);
        try (RawBlockDisk disk = openWithThreads(p, threads)) {
            CountDownLatch gate = Disks.hold(disk);
            CompletionStage<Void> wa = disk.write(0, List.of(Disks.segment(a)));
            CompletionStage<Void> wb = disk.write(SECTORS_PER_PART, List.of(unmapped()));
            CompletionStage<Void> wc = disk.write(2 * SECTORS_PER_PART, List.of(Disks.segment(c)));
            gate.countDown();
            Disks.await(wa);
            BlockIoException e = assertThrows(BlockIoException.class, () -> Disks.await(wb));
            assertEquals(BlockIoException.Kind.IO_ERROR, e.kind());
            assertTrue(e.getMessage().contains("pwrite"), e.getMessage());
            Disks.await(wc);
            assertEquals(1, disk.mergedCalls(), "the three were served as one batch");
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(a, Arrays.copyOfRange(file, 0, K64));
        assertArrayEquals(new byte[K64], Arrays.copyOfRange(file, K64, 2 * K64), "nothing of the faulting part");
        assertArrayEquals(c, Arrays.copyOfRange(file, 2 * K64, 3 * K64));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aMergedReadWhoseFirstPartFaultsStillServesTheOthers(int threads) throws Exception {
        Path p = image(1 << 20);
        byte[] content = Disks.pattern(3 * K64, 7);
        Files.write(p, content);
        try (RawBlockDisk disk = openWithThreads(p, threads)) {
            CountDownLatch gate = Disks.hold(disk);
            MemorySegment b = Disks.zeroed(K64);
            MemorySegment c = Disks.zeroed(K64);
            CompletionStage<Void> ra = disk.read(0, List.of(unmapped()));
            CompletionStage<Void> rb = disk.read(SECTORS_PER_PART, List.of(b));
            CompletionStage<Void> rc = disk.read(2 * SECTORS_PER_PART, List.of(c));
            gate.countDown();
            assertEquals(BlockIoException.Kind.IO_ERROR,
                    assertThrows(BlockIoException.class, () -> Disks.await(ra)).kind());
            Disks.await(rb);
            Disks.await(rc);
            assertEquals(1, disk.mergedCalls());
            assertArrayEquals(Arrays.copyOfRange(content, K64, 2 * K64), b.toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(Arrays.copyOfRange(content, 2 * K64, 3 * K64), c.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void onlyRequestsThatContinueEachOtherAreMergedAndAFlushStaysBetweenWrites() throws Exception {
        Path p = image(1 << 20);
        try (RawBlockDisk disk = Disks.open(p)) {
            CountDownLatch gate = Disks.hold(disk);
            List<CompletionStage<Void>> all = new ArrayList<>();
            all.add(disk.write(0, List.of(Disks.segment(Disks.pattern(K64, 1)))));
            all.add(disk.flush()); // a barrier: the write after it must not join the one before
            all.add(disk.write(SECTORS_PER_PART, List.of(Disks.segment(Disks.pattern(K64, 2)))));
            all.add(disk.read(2 * SECTORS_PER_PART, List.of(Disks.zeroed(K64)))); // other direction
            all.add(disk.read(4 * SECTORS_PER_PART, List.of(Disks.zeroed(K64)))); // a gap
            all.add(disk.read(5 * SECTORS_PER_PART, List.of(Disks.zeroed(K64)))); // continues the one before
            all.add(disk.write(100_000, List.of(Disks.zeroed(K64)))); // outside the disk: refused alone
            all.add(disk.write(100_000 + SECTORS_PER_PART, List.of(Disks.zeroed(K64))));
            gate.countDown();
            for (int i = 0; i < all.size() - 2; i++) {
                Disks.await(all.get(i));
            }
            for (int i = all.size() - 2; i < all.size(); i++) {
                int k = i;
                assertEquals(BlockIoException.Kind.BAD_REQUEST,
                        assertThrows(BlockIoException.class, () -> Disks.await(all.get(k))).kind());
            }
            assertEquals(1, disk.mergedCalls(), "only the two adjacent reads");
            assertEquals(2, disk.mergedRequests());
        }
    }

    @Test
    void thePropertyTurnsMergingOff() throws Exception {
        Path p = image(1 << 20);
        RawBlockDisk disk;
        System.setProperty(RawBlockDisk.MERGE_REQUESTS_PROPERTY, "false");
        try {
            disk = Disks.open(p, false, Map.of());
        } finally {
            System.clearProperty(RawBlockDisk.MERGE_REQUESTS_PROPERTY);
        }
        byte[] data = Disks.pattern(4 * K64, 9);
        try (disk) {
            CountDownLatch gate = Disks.hold(disk);
            MemorySegment whole = Disks.segment(data);
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                writes.add(disk.write(i * SECTORS_PER_PART, List.of(whole.asSlice((long) i * K64, K64))));
            }
            gate.countDown();
            for (CompletionStage<Void> w : writes) {
                Disks.await(w);
            }
            assertEquals(0, disk.mergedCalls());
        }
        assertArrayEquals(data, Arrays.copyOf(Files.readAllBytes(p), data.length));
    }
}
