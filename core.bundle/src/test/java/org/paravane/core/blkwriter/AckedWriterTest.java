package org.paravane.core.blkwriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;

/** The writer against an in-memory disk whose completions come out of order from a pool. */
class AckedWriterTest {

    @TempDir
    Path tmp;

    /** A RAM disk completing writes on a 3-thread pool (so out of order), failing after {@code failAfter}. */
    static final class RamDisk implements BlockDisk {
        final MemorySegment data;
        final ExecutorService pool = Executors.newFixedThreadPool(3);
        final long failAfter;
        long writes;

        RamDisk(Arena arena, long sectors, long failAfter) {
            this.data = arena.allocate(sectors * 512);
            this.failAfter = failAfter;
        }

        @Override public long sectors() { return data.byteSize() / 512; }
        @Override public int sectorSize() { return 512; }
        @Override public boolean readOnly() { return false; }
        @Override public Set<BlockFeature> features() { return Set.of(); }

        @Override
        public CompletionStage<Void> read(long sector, List<MemorySegment> buffers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized CompletionStage<Void> write(long sector, List<MemorySegment> buffers) {
            if (++writes > failAfter) {
                return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.CLOSED, "detached"));
            }
            MemorySegment b = buffers.get(0);
            MemorySegment copy = Arena.ofAuto().allocate(b.byteSize()).copyFrom(b); // copied at submission
            return CompletableFuture.runAsync(() -> {
                synchronized (data) {
                    data.asSlice(sector * 512, copy.byteSize()).copyFrom(copy);
                }
            }, pool);
        }

        @Override public CompletionStage<Void> flush() { return CompletableFuture.completedFuture(null); }
        @Override public void close() { pool.shutdown(); }
    }

    @Test
    void everyAcknowledgedRecordIsOnTheDiskWhereTheAckSays() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RamDisk disk = new RamDisk(arena, 2048, Long.MAX_VALUE);
            Path ack = tmp.resolve("ack");
            AckedWriter w = new AckedWriter(disk, ack, 42, 8, 500);
            w.start("t");
            w.done().get(30, TimeUnit.SECONDS);
            disk.close();
            List<String> lines = Files.readAllLines(ack);
            assertEquals("WRITER seed=42 sectors=2048 depth=8", lines.get(0));
            assertEquals(501, lines.size());
            assertEquals(500, w.acknowledged());
            Map<Long, Long> last = new HashMap<>(); // first sector -> highest seq written there
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(" ");
                long seq = Long.parseLong(f[1]);
                long first = Long.parseLong(f[2]);
                assertEquals(WriterRecord.slot(42, seq, 2048), first, l);
                last.merge(first, seq, Math::max);
            }
            assertEquals(500, lines.stream().skip(1).map(l -> l.split(" ")[1]).distinct().count(), "each seq once");
            MemorySegment want = arena.allocate(4096);
            for (Map.Entry<Long, Long> e : last.entrySet()) {
                // no two writes to one slot are in flight together often enough to matter here:
                // the RAM disk applies them in any order, so accept any seq acked for the slot
                MemorySegment got = disk.data.asSlice(e.getKey() * 512, 4096);
                long seq = got.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 16);
                WriterRecord.fill(want, 42, seq, e.getKey());
                assertEquals(-1, got.mismatch(want), "slot " + e.getKey() + " holds an intact record");
                assertEquals(e.getKey(), WriterRecord.slot(42, seq, 2048));
            }
            assertTrue(last.size() > 100, "records spread over the disk: " + last.size() + " slots");
        }
    }

    @Test
    void aFailedWriteEndsTheWriterWithThatFailure() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RamDisk disk = new RamDisk(arena, 64, 30);
            Path ack = tmp.resolve("ack");
            AckedWriter w = new AckedWriter(disk, ack, 7, 4, 0);
            w.start("f");
            ExecutionException e = assertThrows(ExecutionException.class, () -> w.done().get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof BlockIoException, e.toString());
            assertTrue(w.acknowledged() <= 30);
            assertEquals(w.acknowledged() + 1, Files.readAllLines(ack).size());
            disk.close();
        }
    }

    @Test
    void stopEndsAnUnlimitedWriter() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RamDisk disk = new RamDisk(arena, 64, Long.MAX_VALUE);
            AckedWriter w = new AckedWriter(disk, tmp.resolve("ack"), 1, 2, 0);
            w.start("s");
            while (w.acknowledged() < 10) {
                Thread.sleep(1);
            }
            w.close();
            w.done().get(30, TimeUnit.SECONDS);
            assertEquals(w.acknowledged() + 1, Files.readAllLines(tmp.resolve("ack")).size());
            disk.close();
        }
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            RamDisk disk = new RamDisk(arena, 64, 0);
            assertThrows(IllegalArgumentException.class, () -> new AckedWriter(disk, tmp.resolve("a"), 1, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> new AckedWriter(disk, tmp.resolve("a"), 1, 65, 0));
            assertThrows(IllegalArgumentException.class, () -> new AckedWriter(disk, tmp.resolve("a"), 1, 1, -1));
            RamDisk tiny = new RamDisk(arena, 4, 0);
            assertThrows(IllegalArgumentException.class, () -> new AckedWriter(tiny, tmp.resolve("b"), 1, 1, 0));
            disk.close();
            tiny.close();
        }
    }
}
