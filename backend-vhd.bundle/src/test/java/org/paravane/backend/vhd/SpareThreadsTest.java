package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockOpenRequest;

/** Spare disk threads: started before the open, handed to exactly one disk, stopped with it. */
class SpareThreadsTest {

    @TempDir
    Path dir;

    private static Set<String> liveThreads(String prefix) {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aTakenSpareHasEveryThreadRunningUnderTheDisksName() throws Exception {
        try (SpareThreads spares = new SpareThreads(4, Duration.ofHours(1))) {
            spares.prepare();
            assertTrue(spares.ready());
            DiskThreads t = spares.take(4, "a.vhd");
            assertNotNull(t);
            assertFalse(spares.ready(), "a spare goes to one disk only");
            // started before any task was submitted: the open's first requests start no thread
            assertEquals(1, t.serial.getPoolSize());
            assertEquals(4, t.readers.getPoolSize());
            // renamed by the next poll, not inside the take (the swap's open)
            Set<String> named = Set.of("vhd-io-a.vhd", "vhd-read-a.vhd-0", "vhd-read-a.vhd-1", "vhd-read-a.vhd-2",
                    "vhd-read-a.vhd-3");
            await(() -> liveThreads("vhd-").stream().filter(n -> n.contains("a.vhd"))
                    .collect(java.util.stream.Collectors.toSet()).equals(named), "the threads named after a.vhd");
            assertNull(spares.take(4, "b.vhd"), "the next spare comes only after the refill delay");
            t.shutdown();
            await(() -> liveThreads("vhd-read-a.vhd").isEmpty() && liveThreads("vhd-io-a.vhd").isEmpty(),
                    "the disk's threads to end");
        }
    }

    @Test
    void aSpareOfAnotherSizeIsLeftForTheNextOpen() {
        try (SpareThreads spares = new SpareThreads(4, Duration.ofHours(1))) {
            spares.prepare();
            assertNull(spares.take(8, "big.vhd"));
            assertNull(spares.take(1, "serial.vhd"));
            assertTrue(spares.ready());
        }
    }

    @Test
    void theNextSpareIsStartedAfterTheRefillDelay() throws Exception {
        try (SpareThreads spares = new SpareThreads(2, Duration.ofMillis(20))) {
            spares.prepareLater();
            await(spares::ready, "the first spare");
            DiskThreads first = spares.take(2, "one.vhd");
            await(spares::ready, "the refilled spare");
            DiskThreads second = spares.take(2, "two.vhd");
            assertNotNull(first);
            assertNotNull(second);
            assertTrue(first.serial != second.serial, "each disk gets threads of its own");
            first.shutdown();
            second.shutdown();
        }
    }

    @Test
    void aSpareTakenTheMomentItAppearsStillSchedulesTheNext() throws Exception {
        // The take races the refill task's return: the next refill must be scheduled even when
        // the task that made the spare has not finished yet (once seen in CI: no refill ever came).
        try (SpareThreads spares = new SpareThreads(1, Duration.ZERO)) {
            spares.prepareLater();
            for (int i = 0; i < 200; i++) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                DiskThreads t;
                while ((t = spares.take(1, "race" + i + ".vhd")) == null) {
                    if (System.nanoTime() > end) {
                        throw new AssertionError("no spare after take " + i);
                    }
                    Thread.onSpinWait();
                }
                t.shutdown();
            }
        }
    }

    @Test
    void closeStopsTheSpareAndThePendingRefill() throws Exception {
        SpareThreads spares = new SpareThreads(3, Duration.ofMillis(50));
        spares.prepare();
        DiskThreads taken = spares.take(3, "kept.vhd");
        spares.close(); // before the refill's delay ran out
        spares.prepareLater();
        Thread.sleep(200); // past the refill delay: a refill that survived close would have started threads
        assertFalse(spares.ready());
        await(() -> liveThreads("vhd-read-spare-").isEmpty() && liveThreads("vhd-io-spare").isEmpty(),
                "no spare thread left after close");
        assertEquals(3, taken.readers.getPoolSize(), "a disk that took a spare keeps its threads");
        taken.shutdown();
    }

    @Test
    void aDiskOpenedOnSpareThreadsServesAndStopsThemOnClose() throws Exception {
        Path p = dir.resolve("spare.vhd");
        VhdCreator.createDynamic(p, 8L << 20, Vhd.DEFAULT_BLOCK_SIZE);
        try (SpareThreads spares = new SpareThreads(VhdBlockDisk.DEFAULT_READ_THREADS, Duration.ofHours(1));
                Arena arena = Arena.ofShared()) {
            spares.prepare();
            VhdBackend backend = new VhdBackend(spares);
            MemorySegment out = arena.allocate(8192, 4096);
            for (int i = 0; i < 8192; i++) {
                out.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 3));
            }
            MemorySegment in = arena.allocate(8192, 4096);
            try (BlockDisk disk = backend.open(new BlockOpenRequest(p.toString(), "vhd", false))) {
                assertFalse(spares.ready(), "the open took the spare");
                await(() -> liveThreads("vhd-read-spare.vhd-").size() == VhdBlockDisk.DEFAULT_READ_THREADS,
                        "every reader named after the disk");
                disk.write(100, List.of(out)).toCompletableFuture().join();
                disk.read(100, List.of(in.asSlice(0, 4096), in.asSlice(4096, 4096))).toCompletableFuture().join();
                assertArrayEquals(out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        in.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
            await(() -> liveThreads("vhd-io-spare.vhd").isEmpty() && liveThreads("vhd-read-spare.vhd-").isEmpty(),
                    "the disk's threads to end after close");
        }
    }
}
