package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/**
 * Reads in parallel on one disk: a random mixed load with many requests in flight, many of
 * them overlapping, must give every read the content of the disk at the moment it was
 * submitted (overlapping requests take effect in submission order), and leave an image
 * qemu-img reads as the model.
 */
class ParallelReadTest {

    private static final int SECTOR = Vhd.SECTOR;

    @TempDir
    Path dir;

    private final VhdBackend backend = new VhdBackend();

    private BlockDisk open(Path p, int threads, int splitKib) throws BlockIoException {
        return backend.open(new BlockOpenRequest(p.toString(), "vhd", false, Map.of(
                VhdBackend.OPTION_READ_THREADS, Integer.toString(threads),
                VhdBackend.OPTION_READ_SPLIT_KIB, Integer.toString(splitKib))));
    }

    @Test
    void mixedLoadOnADynamicImageMatchesTheModelAndQemu() throws Exception {
        QemuImg.require();
        Path vhd = dir.resolve("mixed.vhd");
        long size = 12L << 20;
        // small blocks: many allocations happen during the load, next to reads of other blocks
        VhdCreator.createDynamic(vhd, size, 256 * 1024);
        DiskModel model = new DiskModel(size);
        try (BlockDisk disk = open(vhd, 4, 8)) {
            mixedLoad(disk, model, 6000, 32, new SplittableRandom(42));
            disk.flush().toCompletableFuture().join();
        }
        QemuImg.assertSameContent(vhd, model.save(dir.resolve("mixed.raw")));
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            model.assertImageMatches(img);
        }
    }

    @Test
    void mixedLoadOnADifferencingChainMatchesTheModel() throws Exception {
        Path base = dir.resolve("base.vhd");
        Path child = dir.resolve("child.vhd");
        long size = 8L << 20;
        VhdCreator.createDynamic(base, size, 512 * 1024);
        DiskModel model = new DiskModel(size);
        try (VhdImage img = VhdChain.open(base, true, SizeSource.AUTO)) {
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < 40; i++) {
                int n = 1 + r.nextInt(64);
                model.write(img, r.nextLong(size / SECTOR - n), DiskModel.pattern(i, n * SECTOR));
            }
        }
        VhdCreator.createDifferencing(child, base);
        try (BlockDisk disk = open(child, 3, 4)) {
            // partial sectors of a block in the child, the rest from the parent: bitmaps are read concurrently
            mixedLoad(disk, model, 4000, 24, new SplittableRandom(11));
        }
        try (VhdImage img = VhdChain.open(child, false, SizeSource.AUTO)) {
            model.assertImageMatches(img);
        }
    }

    @Test
    void theSerialThreadModelStillPassesTheSameLoad() throws Exception {
        Path vhd = dir.resolve("serial.vhd");
        long size = 4L << 20;
        VhdCreator.createDynamic(vhd, size, 256 * 1024);
        DiskModel model = new DiskModel(size);
        try (BlockDisk disk = open(vhd, 1, 0)) {
            mixedLoad(disk, model, 1500, 16, new SplittableRandom(3));
        }
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            model.assertImageMatches(img);
        }
    }

    @Test
    void readsRunWhileTheSerialThreadIsHeldExceptWhereTheyOverlapIt() throws Exception {
        Path vhd = dir.resolve("held.vhd");
        VhdCreator.createDynamic(vhd, 4L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        try (VhdBlockDisk disk = (VhdBlockDisk) open(vhd, 2, 0)) {
            disk.write(0, List.of(MemorySegment.ofArray(filled(4096, 0x33)))).toCompletableFuture().join();
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletionStage<Void> held = disk.submit(0, 8, () -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                entered.await();
                // completes while the serial thread is still held: it ran on a read thread
                byte[] far = new byte[4096];
                disk.read(1000, List.of(MemorySegment.ofArray(far))).toCompletableFuture().join();
                assertFalse(held.toCompletableFuture().isDone());
                byte[] near = new byte[4096];
                AtomicReference<String> nearThread = new AtomicReference<>();
                // attached while the read is queued behind the held range, so it runs on the completing thread
                CompletableFuture<Void> overlapping = disk.read(4, List.of(MemorySegment.ofArray(near)))
                        .whenComplete((v, e) -> nearThread.set(Thread.currentThread().getName()))
                        .toCompletableFuture();
                assertFalse(overlapping.isDone(), "a read overlapping the held range waits behind it");
                release.countDown();
                held.toCompletableFuture().join();
                overlapping.join();
                assertTrue(nearThread.get().startsWith("vhd-io-"), nearThread.get());
                assertEquals(0x33, near[0]);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aLargeReadIsSplitOnlyOverIdleThreads() throws Exception {
        Path vhd = dir.resolve("split.vhd");
        VhdCreator.createDynamic(vhd, 4L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        try (VhdBlockDisk four = (VhdBlockDisk) open(vhd, 4, 256)) {
            assertEquals(4, four.pieces(1 << 20, 0));
            assertEquals(2, four.pieces(1 << 20, 2));
            assertEquals(1, four.pieces(1 << 20, 4), "all threads busy: no split");
            assertEquals(1, four.pieces(256 * 1024, 0), "too small to split");
            assertEquals(2, four.pieces(512 * 1024, 0));
            assertEquals(1, four.pieces(1000, 0), "not whole sectors: one piece, refused by the image");
        }
        try (VhdBlockDisk off = (VhdBlockDisk) open(vhd, 4, 0)) {
            assertEquals(1, off.pieces(1 << 20, 0));
        }
    }

    @Test
    void readThreadOptionsAreValidated() throws Exception {
        Path vhd = dir.resolve("opts.vhd");
        VhdCreator.createDynamic(vhd, 1L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        for (String bad : List.of("0", "65", "two", "")) {
            BlockIoException e = org.junit.jupiter.api.Assertions.assertThrows(BlockIoException.class,
                    () -> backend.open(new BlockOpenRequest(vhd.toString(), "vhd", false,
                            Map.of(VhdBackend.OPTION_READ_THREADS, bad))));
            assertEquals(BlockIoException.Kind.BAD_REQUEST, e.kind());
            assertTrue(e.getMessage().contains(VhdBackend.OPTION_READ_THREADS), e.getMessage());
        }
        BlockIoException e = org.junit.jupiter.api.Assertions.assertThrows(BlockIoException.class,
                () -> backend.open(new BlockOpenRequest(vhd.toString(), "vhd", false,
                        Map.of(VhdBackend.OPTION_READ_SPLIT_KIB, "-1"))));
        assertTrue(e.getMessage().contains(VhdBackend.OPTION_READ_SPLIT_KIB), e.getMessage());
        try (VhdBlockDisk d = (VhdBlockDisk) backend.open(new BlockOpenRequest(vhd.toString(), "vhd", true))) {
            assertEquals(VhdBlockDisk.DEFAULT_READ_THREADS, d.readThreads());
        }
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    /**
     * Submits {@code ops} random reads and writes from one thread with up to {@code depth}
     * in flight, without waiting between them (overlaps are frequent: a few hot regions);
     * the model takes each write when it is submitted, and each read must return the model's
     * bytes at its submission.
     */
    private static void mixedLoad(BlockDisk disk, DiskModel model, int ops, int depth, SplittableRandom r)
            throws Exception {
        // the model covers the requested size; geometry may round the disk up a little
        long sectors = Math.min(disk.sectors(), model.bytes.length / SECTOR);
        Semaphore slots = new Semaphore(depth);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        {
            for (int i = 0; i < ops && failure.get() == null; i++) {
                slots.acquire();
                int n = r.nextInt(10) == 0 ? 256 + r.nextInt(1800) : 1 + r.nextInt(64);
                long hot = r.nextInt(4) * (sectors / 4);
                long sector = r.nextInt(3) == 0 ? r.nextLong(sectors - n) : Math.min(sectors - n,
                        hot + r.nextInt(512));
                List<MemorySegment> bufs = scatter(Arena.ofAuto(), n, r);
                CompletionStage<Void> stage;
                if (r.nextInt(5) < 2) {
                    byte[] data = DiskModel.pattern(r.nextLong(), n * SECTOR);
                    copyIn(bufs, data);
                    model.apply(sector, data);
                    stage = disk.write(sector, bufs);
                } else {
                    byte[] expected = java.util.Arrays.copyOfRange(model.bytes, Math.toIntExact(sector * SECTOR),
                            Math.toIntExact((sector + n) * SECTOR));
                    long at = sector;
                    stage = disk.read(sector, bufs).thenRun(() -> {
                        assertArrayEquals(expected, copyOut(bufs), "read of " + n + " sectors at " + at);
                        reads.incrementAndGet();
                    });
                }
                all.add(stage.whenComplete((v, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    slots.release();
                }).toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a request failed or read wrong data", failure.get());
        }
        assertTrue(reads.get() > ops / 3, "reads verified: " + reads.get());
    }

    /** {@code n} sectors as 1 to 4 native buffers of whole sectors (a scatter/gather list). */
    private static List<MemorySegment> scatter(Arena arena, int n, SplittableRandom r) {
        List<MemorySegment> bufs = new ArrayList<>();
        int left = n;
        while (left > 0) {
            int take = bufs.size() == 3 ? left : 1 + r.nextInt(left);
            bufs.add(arena.allocate((long) take * SECTOR, 4096));
            left -= take;
        }
        return bufs;
    }

    private static void copyIn(List<MemorySegment> bufs, byte[] data) {
        long at = 0;
        for (MemorySegment b : bufs) {
            MemorySegment.copy(data, (int) at, b, ValueLayout.JAVA_BYTE, 0, (int) b.byteSize());
            at += b.byteSize();
        }
    }

    private static byte[] copyOut(List<MemorySegment> bufs) {
        long total = bufs.stream().mapToLong(MemorySegment::byteSize).sum();
        byte[] out = new byte[Math.toIntExact(total)];
        long at = 0;
        for (MemorySegment b : bufs) {
            MemorySegment.copy(b, ValueLayout.JAVA_BYTE, 0, out, (int) at, (int) b.byteSize());
            at += b.byteSize();
        }
        return out;
    }
}
