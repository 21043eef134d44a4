package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/** The block backend SPI over VHD: scatter/gather on native segments, errors, isolation. */
class VhdBackendTest {

    @TempDir
    Path dir;

    private final VhdBackend backend = new VhdBackend();

    private Path image(String name) throws Exception {
        Path p = dir.resolve(name);
        VhdCreator.createDynamic(p, 8L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        return p;
    }

    private BlockDisk open(Path p, boolean ro) throws BlockIoException {
        return backend.open(new BlockOpenRequest(p.toString(), "vhd", ro));
    }

    private static BlockIoException failure(CompletionStage<Void> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
        return assertInstanceOf(BlockIoException.class, e.getCause());
    }

    @Test
    void scatterGatherRoundTripOnNativeSegments() throws Exception {
        Path p = image("a.vhd");
        try (Arena arena = Arena.ofShared(); BlockDisk disk = open(p, false)) {
            assertEquals(512, disk.sectorSize());
            assertEquals(Set.of(BlockFeature.FLUSH, BlockFeature.BARRIER), disk.features());
            assertFalse(disk.readOnly());
            // Three "pages" written as one request that crosses the 2 MiB block boundary.
            List<MemorySegment> out = List.of(arena.allocate(4096), arena.allocate(512), arena.allocate(8192));
            byte v = 1;
            for (MemorySegment s : out) {
                s.fill(v++);
            }
            long at = 4096 - 4;
            disk.write(at, out).toCompletableFuture().join();
            disk.flush().toCompletableFuture().join();
            List<MemorySegment> in = List.of(arena.allocate(512), arena.allocate(12288));
            disk.read(at, in).toCompletableFuture().join();
            assertEquals(1, in.get(0).get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(1, in.get(1).get(ValueLayout.JAVA_BYTE, 3583));
            assertEquals(2, in.get(1).get(ValueLayout.JAVA_BYTE, 3584));
            assertEquals(3, in.get(1).get(ValueLayout.JAVA_BYTE, 4096));
            assertEquals(3, in.get(1).get(ValueLayout.JAVA_BYTE, 12287));
        }
        // What went through the SPI is in the file, as Paravane and qemu read it.
        byte[] got = new byte[512];
        try (VhdImage img = VhdChain.open(p, false, SizeSource.AUTO)) {
            img.read(4096 - 4 + 8, MemorySegment.ofArray(got));
        }
        assertEquals(2, got[0]);
    }

    @Test
    void confinedBuffersAreABadRequest() throws Exception {
        try (Arena arena = Arena.ofConfined(); BlockDisk disk = open(image("conf.vhd"), false)) {
            BlockIoException e = failure(disk.read(0, List.of(arena.allocate(512))));
            assertEquals(BlockIoException.Kind.BAD_REQUEST, e.kind());
            assertTrue(e.getMessage().contains("confined"), e.getMessage());
        }
    }

    @Test
    void readOnlyDiskRefusesWrites() throws Exception {
        Path p = image("ro.vhd");
        try (BlockDisk disk = open(p, true)) {
            assertTrue(disk.readOnly());
            BlockIoException e = failure(disk.write(0, List.of(MemorySegment.ofArray(new byte[512]))));
            assertEquals(BlockIoException.Kind.READ_ONLY, e.kind());
            disk.flush().toCompletableFuture().join(); // nothing to flush is not an error
        }
    }

    @Test
    void badRequestsFailTheStageNotTheDisk() throws Exception {
        try (BlockDisk disk = open(image("b.vhd"), false)) {
            assertEquals(BlockIoException.Kind.BAD_REQUEST,
                    failure(disk.read(0, List.of(MemorySegment.ofArray(new byte[100])))).kind());
            assertEquals(BlockIoException.Kind.BAD_REQUEST,
                    failure(disk.write(disk.sectors(), List.of(MemorySegment.ofArray(new byte[512])))).kind());
            assertEquals(BlockIoException.Kind.BAD_REQUEST,
                    failure(disk.read(-1, List.of(MemorySegment.ofArray(new byte[512])))).kind());
            assertEquals(BlockIoException.Kind.UNSUPPORTED, failure(disk.discard(0, 8)).kind());
            // The disk still works.
            disk.write(0, List.of(MemorySegment.ofArray(new byte[512]))).toCompletableFuture().join();
        }
    }

    @Test
    void closedDiskFailsNewOperations() throws Exception {
        BlockDisk disk = open(image("c.vhd"), false);
        disk.close();
        assertEquals(BlockIoException.Kind.CLOSED,
                failure(disk.read(0, List.of(MemorySegment.ofArray(new byte[512])))).kind());
        disk.close(); // idempotent
    }

    @Test
    void closeFinishesEveryOperationAcceptedBeforeIt() throws Exception {
        // close() skips waiting for the serial thread only when no task is queued or running;
        // writes accepted before it must still land in full (and reads of them see them)
        Path p = image("busy.vhd");
        int writes = 64;
        List<CompletionStage<Void>> done = new java.util.ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            BlockDisk disk = open(p, false);
            for (int i = 0; i < writes; i++) {
                MemorySegment buf = arena.allocate(4096, 4096);
                buf.fill((byte) (i + 1));
                done.add(disk.write(i * 256L, List.of(buf))); // every 128 KiB: allocates all 4 blocks
            }
            done.add(disk.flush());
            disk.close();
            for (CompletionStage<Void> d : done) {
                assertTrue(d.toCompletableFuture().isDone(), "close returned with an operation still running");
                d.toCompletableFuture().join(); // and none failed
            }
            try (BlockDisk again = open(p, true)) {
                MemorySegment in = arena.allocate(4096, 4096);
                for (int i = 0; i < writes; i++) {
                    again.read(i * 256L, List.of(in)).toCompletableFuture().join();
                    assertEquals((byte) (i + 1), in.get(ValueLayout.JAVA_BYTE, 4095), "write " + i);
                }
            }
        }
    }

    @Test
    void wrongFormatAndBadOptionsAreRefused() throws Exception {
        Path p = image("d.vhd");
        assertEquals(BlockIoException.Kind.BAD_REQUEST, assertThrows(BlockIoException.class,
                () -> backend.open(new BlockOpenRequest(p.toString(), "qcow2", false))).kind());
        assertEquals(BlockIoException.Kind.BAD_REQUEST, assertThrows(BlockIoException.class,
                () -> backend.open(new BlockOpenRequest(p.toString(), "vhd", false,
                        Map.of(VhdBackend.OPTION_SIZE_SOURCE, "sideways")))).kind());
        try (BlockDisk disk = backend.open(new BlockOpenRequest(p.toString(), "VHD", true,
                Map.of(VhdBackend.OPTION_SIZE_SOURCE, "current")))) {
            assertTrue(disk.sectors() > 0);
        }
    }

    @Test
    void aStuckDiskDoesNotBlockAnother() throws Exception {
        try (VhdBlockDisk stuck = (VhdBlockDisk) open(image("stuck.vhd"), false);
             BlockDisk other = open(image("other.vhd"), false)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            AtomicReference<String> stuckThread = new AtomicReference<>();
            CompletionStage<Void> hung = stuck.submit(() -> {
                stuckThread.set(Thread.currentThread().getName());
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            entered.await();
            CompletionStage<Void> queued = stuck.read(0, List.of(MemorySegment.ofArray(new byte[512])));
            // The other disk completes I/O while the first one's thread is held.
            other.write(0, List.of(MemorySegment.ofArray(new byte[4096]))).toCompletableFuture().join();
            other.read(0, List.of(MemorySegment.ofArray(new byte[4096]))).toCompletableFuture().join();
            assertFalse(queued.toCompletableFuture().isDone(), "the stuck disk's queue waits behind it");
            AtomicReference<String> otherThread = new AtomicReference<>();
            ((VhdBlockDisk) other).submit(() -> otherThread.set(Thread.currentThread().getName()))
                    .toCompletableFuture().join();
            assertNotEquals(stuckThread.get(), otherThread.get());
            release.countDown();
            hung.toCompletableFuture().join();
            queued.toCompletableFuture().join();
        }
    }

    @Test
    void aFailingTaskFailsOnlyItsRequest() throws Exception {
        try (VhdBlockDisk disk = (VhdBlockDisk) open(image("e.vhd"), false)) {
            BlockIoException e = failure(disk.submit(() -> {
                throw new IllegalStateException("boom");
            }));
            assertEquals(BlockIoException.Kind.IO_ERROR, e.kind());
            disk.read(0, List.of(MemorySegment.ofArray(new byte[512]))).toCompletableFuture().join();
        }
    }

    @Test
    void openRequestValidation() {
        assertThrows(IllegalArgumentException.class, () -> new BlockOpenRequest(" ", "vhd", false));
        assertThrows(IllegalArgumentException.class, () -> new BlockOpenRequest("x", "", false));
        assertEquals(Map.of(), new BlockOpenRequest("x", "vhd", false, null).options());
    }
}
