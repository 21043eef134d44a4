package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;

/** Read, write, scatter/gather, flush, discard and close on real files in a temp dir. */
class RawBlockDiskTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path image(long bytes) throws Exception {
        Path p = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    @Test
    void writeThenReadBackMatchesTheFileContent() throws Exception {
        Path p = image(4 * MIB);
        byte[] data = Disks.pattern(64 * 1024, 1);
        try (RawBlockDisk disk = Disks.open(p)) {
            assertEquals(4 * MIB / 512, disk.sectors());
            assertEquals(512, disk.sectorSize());
            assertFalse(disk.readOnly());
            assertEquals(EnumSet.of(BlockFeature.FLUSH, BlockFeature.BARRIER, BlockFeature.DISCARD), disk.features());
            Disks.await(disk.write(100, List.of(Disks.segment(data))));
            Disks.await(disk.flush());
            MemorySegment back = Disks.zeroed(data.length);
            Disks.await(disk.read(100, List.of(back)));
            assertArrayEquals(data, back.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(data, Arrays.copyOfRange(file, 100 * 512, 100 * 512 + data.length));
        assertEquals(0, file[100 * 512 - 1]);
        assertEquals(0, file[100 * 512 + data.length]);
    }

    @Test
    void scatterGatherUsesConsecutiveSectorsInOrder() throws Exception {
        Path p = image(MIB);
        byte[] data = Disks.pattern(512 + 4096 + 1536 + 8192, 2);
        try (RawBlockDisk disk = Disks.open(p)) {
            MemorySegment src = Disks.segment(data);
            Disks.await(disk.write(7, Disks.pieces(src, 512, 4096, 1536, 8192)));
            // read back with a different split, plus one heap segment (goes through the bounce buffer)
            byte[] heap = new byte[1024];
            MemorySegment a = Disks.zeroed(4096);
            MemorySegment c = Disks.zeroed(data.length - 4096 - 1024);
            Disks.await(disk.read(7, List.of(a, MemorySegment.ofArray(heap), c)));
            byte[] got = new byte[data.length];
            MemorySegment.copy(a, 0, MemorySegment.ofArray(got), 0, 4096);
            System.arraycopy(heap, 0, got, 4096, 1024);
            MemorySegment.copy(c, 0, MemorySegment.ofArray(got), 5120, c.byteSize());
            assertArrayEquals(data, got);
        }
        assertArrayEquals(data, Arrays.copyOfRange(Files.readAllBytes(p), 7 * 512, 7 * 512 + data.length));
    }

    @Test
    void piecesAdjacentInMemoryAreMergedOnlyWhereTheyTouch() throws Exception {
        Path p = image(MIB);
        byte[] data = Disks.pattern(5 * 4096, 9);
        try (RawBlockDisk disk = Disks.open(p)) {
            // two runs of one buffer's pages with another buffer's page between them: three iovec entries
            MemorySegment x = Disks.zeroed(4 * 4096);
            MemorySegment y = Disks.zeroed(4096);
            MemorySegment.copy(MemorySegment.ofArray(data), 0, x, 0, 2 * 4096);
            MemorySegment.copy(MemorySegment.ofArray(data), 2 * 4096, y, 0, 4096);
            MemorySegment.copy(MemorySegment.ofArray(data), 3 * 4096, x, 2 * 4096, 2 * 4096);
            List<MemorySegment> write = List.of(x.asSlice(0, 4096), x.asSlice(4096, 4096), y,
                    x.asSlice(2 * 4096, 4096), x.asSlice(3 * 4096, 4096));
            Disks.await(disk.write(16, write));
            // read back into one buffer's pages listed in reverse memory order: nothing may merge
            MemorySegment z = Disks.zeroed(5 * 4096);
            List<MemorySegment> read = new java.util.ArrayList<>();
            for (int i = 4; i >= 0; i--) {
                read.add(z.asSlice((long) i * 4096, 4096));
            }
            Disks.await(disk.read(16, read));
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(Arrays.copyOfRange(data, i * 4096, (i + 1) * 4096),
                        z.asSlice((long) (4 - i) * 4096, 4096).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        "piece " + i);
            }
        }
        assertArrayEquals(data, Arrays.copyOfRange(Files.readAllBytes(p), 16 * 512, 16 * 512 + data.length));
    }

    @Test
    void moreThanIovMaxPiecesStillTransfer() throws Exception {
        Path p = image(2 * MIB);
        int n = Libc.IOV_MAX + 5;
        byte[] data = Disks.pattern(n * 512, 3);
        try (RawBlockDisk disk = Disks.open(p)) {
            int[] sizes = new int[n];
            Arrays.fill(sizes, 512);
            Disks.await(disk.write(0, Disks.pieces(Disks.segment(data), sizes)));
        }
        assertArrayEquals(data, Arrays.copyOf(Files.readAllBytes(p), data.length));
    }

    @Test
    void holesReadAsZerosAndDiscardPunchesAHole() throws Exception {
        Path p = image(8 * MIB);
        try (RawBlockDisk disk = Disks.open(p)) {
            MemorySegment hole = Disks.zeroed(MIB);
            hole.fill((byte) 0x55);
            Disks.await(disk.read(0, List.of(hole)));
            assertTrue(hole.elements(java.lang.foreign.ValueLayout.JAVA_BYTE).allMatch(b -> b.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) == 0),
                    "a hole reads as zeros");

            byte[] data = Disks.pattern(4 * MIB, 4);
            Disks.await(disk.write(0, List.of(Disks.segment(data))));
            Disks.await(disk.flush());
            long before = Disks.allocatedBlocks(p);
            assertTrue(before >= 4 * MIB / 512, "4 MiB allocated after the write, stat says " + before);

            // discard the middle 2 MiB (sectors 2048..6143)
            Disks.await(disk.discard(2048, 4096));
            Disks.await(disk.flush());
            long after = Disks.allocatedBlocks(p);
            assertTrue(after <= before - 4096, "2 MiB released: " + before + " -> " + after + " blocks");
            // SEEK_HOLE from the start finds the hole where the discard began
            assertEquals(MIB, file(disk).seek(0, Libc.SEEK_HOLE));
            assertEquals(3 * MIB, file(disk).seek(MIB, Libc.SEEK_DATA));

            MemorySegment back = Disks.zeroed(4 * MIB);
            Disks.await(disk.read(0, List.of(back)));
            byte[] got = back.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertArrayEquals(Arrays.copyOf(data, MIB), Arrays.copyOf(got, MIB));
            assertArrayEquals(new byte[2 * MIB], Arrays.copyOfRange(got, MIB, 3 * MIB));
            assertArrayEquals(Arrays.copyOfRange(data, 3 * MIB, 4 * MIB), Arrays.copyOfRange(got, 3 * MIB, 4 * MIB));
        }
        assertEquals(8 * MIB, Files.size(p), "discard keeps the size");
    }

    private static NativeFile file(RawBlockDisk disk) {
        return disk.nativeFile();
    }

    @Test
    void noDiscardOptionRefusesDiscard() throws Exception {
        Path p = image(MIB);
        try (RawBlockDisk disk = Disks.open(p, false, Map.of(BlockdevBackend.OPTION_DISCARD, "false"))) {
            assertFalse(disk.features().contains(BlockFeature.DISCARD));
            BlockIoException e = assertThrows(BlockIoException.class, () -> Disks.await(disk.discard(0, 8)));
            assertEquals(BlockIoException.Kind.UNSUPPORTED, e.kind());
        }
    }

    @Test
    void requestsOutsideTheDiskOrMisalignedAreRefused() throws Exception {
        Path p = image(MIB);
        try (RawBlockDisk disk = Disks.open(p)) {
            long end = disk.sectors();
            BlockIoException past = assertThrows(BlockIoException.class,
                    () -> Disks.await(disk.read(end - 1, List.of(Disks.zeroed(1024)))));
            assertEquals(BlockIoException.Kind.BAD_REQUEST, past.kind());
            assertTrue(past.getMessage().contains(p.toString()), past.getMessage());
            assertEquals(BlockIoException.Kind.BAD_REQUEST, assertThrows(BlockIoException.class,
                    () -> Disks.await(disk.write(-1, List.of(Disks.zeroed(512))))).kind());
            assertEquals(BlockIoException.Kind.BAD_REQUEST, assertThrows(BlockIoException.class,
                    () -> Disks.await(disk.write(0, List.of(Disks.zeroed(100))))).kind());
            assertEquals(BlockIoException.Kind.BAD_REQUEST, assertThrows(BlockIoException.class,
                    () -> Disks.await(disk.discard(end, 1))).kind());
            // the last sector itself is fine
            Disks.await(disk.write(end - 1, List.of(Disks.segment(Disks.pattern(512, 9)))));
        }
        assertArrayEquals(Disks.pattern(512, 9), Arrays.copyOfRange(Files.readAllBytes(p), MIB - 512, MIB));
    }

    @Test
    void readOnlyDiskRefusesWritesFlushAndDiscard() throws Exception {
        Path p = image(MIB);
        Files.write(p, Disks.pattern(MIB, 5));
        try (RawBlockDisk disk = Disks.open(p, true, Map.of())) {
            assertTrue(disk.readOnly());
            assertTrue(disk.features().isEmpty());
            for (CompletionStage<Void> s : List.of(disk.write(0, List.of(Disks.zeroed(512))), disk.flush(),
                    disk.discard(0, 1))) {
                assertEquals(BlockIoException.Kind.READ_ONLY,
                        assertThrows(BlockIoException.class, () -> Disks.await(s)).kind());
            }
            MemorySegment back = Disks.zeroed(512);
            Disks.await(disk.read(0, List.of(back)));
            assertArrayEquals(Arrays.copyOf(Disks.pattern(MIB, 5), 512), back.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        assertArrayEquals(Disks.pattern(MIB, 5), Files.readAllBytes(p));
    }

    @Test
    void eachDiskRunsOnItsOwnNamedThreadInSubmissionOrder() throws Exception {
        Path a = image(MIB);
        Path b = Files.copy(a, dir.resolve("other.img"));
        RawBlockDisk db = Disks.open(b);
        try (RawBlockDisk da = Disks.open(a)) {
            Disks.await(da.flush());
            Disks.await(db.flush());
            assertTrue(Disks.threadAlive("blockdev-io-disk.img"));
            assertTrue(Disks.threadAlive("blockdev-io-other.img"));
            db.close();
            assertFalse(Disks.threadAlive("blockdev-io-other.img"), "close ends the disk's thread");
            assertTrue(Disks.threadAlive("blockdev-io-disk.img"), "and only that disk's thread");
            // writes of different data to one sector land in submission order
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(da.write(3, List.of(Disks.segment(Disks.pattern(512, 100 + i)))).toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            MemorySegment back = Disks.zeroed(512);
            Disks.await(da.read(3, List.of(back)));
            assertArrayEquals(Disks.pattern(512, 149), back.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void closeDrainsQueuedWritesThenFailsLaterCallsWithClosed() throws Exception {
        Path p = image(4 * MIB);
        RawBlockDisk disk = Disks.open(p);
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            queued.add(disk.write(i * 128L, List.of(Disks.segment(Disks.pattern(64 * 1024, i)))).toCompletableFuture());
        }
        disk.close();
        for (CompletableFuture<Void> f : queued) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "queued write completed before close returned");
        }
        byte[] file = Files.readAllBytes(p);
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(Disks.pattern(64 * 1024, i), Arrays.copyOfRange(file, i * 65536, (i + 1) * 65536));
        }
        for (CompletionStage<Void> s : List.of(disk.read(0, List.of(Disks.zeroed(512))),
                disk.write(0, List.of(Disks.zeroed(512))), disk.flush(), disk.discard(0, 1))) {
            assertEquals(BlockIoException.Kind.CLOSED, assertThrows(BlockIoException.class, () -> Disks.await(s)).kind());
        }
        disk.close(); // a second close is harmless
        assertNotEquals(0, file.length);
    }

    /**
     * Closing from a completion callback (which normally runs on the disk's own I/O thread)
     * must not deadlock: the thread cannot wait for itself, so release happens on another
     * thread. If the stage had already completed the callback runs here instead; both paths
     * must end closed.
     */
    @Test
    void closeFromACompletionCallbackDoesNotDeadlock() throws Exception {
        Path p = image(4 * MIB);
        RawBlockDisk disk = Disks.open(p);
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 32; i++) {
            last = disk.write(i * 128L, List.of(Disks.segment(Disks.pattern(64 * 1024, 40 + i)))).toCompletableFuture();
        }
        CompletableFuture<String> closedOn = last.thenApply(v -> {
            disk.close();
            return Thread.currentThread().getName();
        });
        String thread = closedOn.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(BlockIoException.Kind.CLOSED, assertThrows(BlockIoException.class,
                () -> Disks.await(disk.flush())).kind(), "closed (callback ran on " + thread + ")");
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(Disks.pattern(64 * 1024, 71), Arrays.copyOfRange(file, 31 * 65536, 32 * 65536));
    }
}
