package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;
import org.paravane.api.vbd.VbdState;
import org.paravane.core.blkfront.BlkFront;
import org.paravane.core.blkif.FastPath;

/**
 * The three {@link FastPath} modes of the local-attach path (dom0 blkfront → blkback → a
 * file backend): data written with 16 requests in flight, each issued from the previous
 * one's completion handler, reads back right through the file and through the ring; the
 * event pairing and the threads the completion handlers run on match the mode; and a hung
 * or throwing backend still fails its own device only when completions run on the
 * backend's thread.
 */
class FastPathModesTest {

    private static final int BLOCKS = 1024; // a 4 MiB image of 4 KiB blocks
    private static final int DEPTH = 16;

    @TempDir
    Path tmp;
    BlkRig rig;
    final Arena arena = Arena.ofShared();

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
        System.clearProperty(FastPath.PROPERTY);
        arena.close();
    }

    private void start(FastPath.Mode mode) throws Exception {
        System.setProperty(FastPath.PROPERTY, mode.name().toLowerCase());
        rig = new BlkRig(tmp);
    }

    private MemorySegment block(int seed) {
        MemorySegment s = arena.allocate(4096, 4096);
        for (int i = 0; i < 4096; i += 4) {
            s.set(ValueLayout.JAVA_INT_UNALIGNED, i, seed * 40503 + i);
        }
        return s;
    }

    /** Runs {@code ops} requests, DEPTH in flight, each next one issued from a completion. */
    private Set<String> chained(List<Integer> blocks, boolean write, BlkFront f, MemorySegment[] into)
            throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(DEPTH);
        class Lane {
            void go() {
                int i = next.getAndIncrement();
                if (i >= blocks.size() || error.get() != null) {
                    done.countDown();
                    return;
                }
                int b = blocks.get(i);
                var stage = write ? f.write(b * 8L, List.of(block(b))) : f.read(b * 8L, List.of(into[i]));
                stage.whenComplete((v, e) -> {
                    threads.add(Thread.currentThread().getName().replaceAll("[-0-9]+$", ""));
                    if (e != null) {
                        error.compareAndSet(null, e);
                    }
                    go();
                });
            }
        }
        for (int l = 0; l < DEPTH; l++) {
            new Lane().go();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "requests still in flight");
        assertNull(error.get());
        return threads;
    }

    @ParameterizedTest
    @EnumSource(FastPath.Mode.class)
    void sixteenInFlightFromCompletionHandlersKeepTheData(FastPath.Mode mode) throws Exception {
        start(mode);
        Path img = rig.image("m.img", 4);
        rig.manager.attach(0, BlkRig.spec(img, 'b', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('b')).orElseThrow();
        int port = Integer.parseInt(rig.store.readString("/local/domain/0/device/vbd/" + BlkRig.devid('b')
                + "/event-channel"));
        assertEquals(mode != FastPath.Mode.OFF, rig.events.deliversInline(port), "local pair in mode " + mode);

        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < BLOCKS; b++) {
            order.add(b);
        }
        Collections.shuffle(order, new Random(42));
        List<Integer> written = order.subList(0, 400); // distinct blocks: the result does not depend on order
        Set<String> writeThreads = chained(written, true, f, null);
        for (int b : written) {
            assertArrayEquals(block(b).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096L * b, 4096), "block " + b);
        }
        MemorySegment[] back = new MemorySegment[written.size()];
        for (int i = 0; i < back.length; i++) {
            back[i] = arena.allocate(4096, 4096);
        }
        Set<String> readThreads = chained(written, false, f, back);
        for (int i = 0; i < back.length; i++) {
            assertArrayEquals(block(written.get(i)).toArray(ValueLayout.JAVA_BYTE),
                    back[i].toArray(ValueLayout.JAVA_BYTE), "read of block " + written.get(i));
        }
        Set<String> all = ConcurrentHashMap.newKeySet();
        all.addAll(writeThreads);
        all.addAll(readThreads);
        // OFF: every completion handler runs on dom0's dispatch pool; DEVICE: on blkback's device
        // thread (IO: mostly on the backend's unnamed I/O thread, not told apart by name here).
        boolean onDevice = all.stream().anyMatch(t -> t.startsWith("blkback"));
        if (mode != FastPath.Mode.IO) {
            assertEquals(mode == FastPath.Mode.DEVICE, onDevice, "handler threads in mode " + mode + ": " + all);
        }
        assertEquals(0, rig.manager.metrics(0, BlkRig.devid('b')).orElseThrow().errors());
    }

    private DiskSpec otherFormat(Path target, char letter) {
        return new DiskSpec(target.toString(), DiskFormat.VHD, "xvd" + letter, BlkRig.devid(letter),
                DiskAccess.READ_WRITE, DiskDeviceType.DISK, DiskBackendType.AUTO, null, null, DiskSpecification.XEN,
                false, true, true, Map.of());
    }

    @Test
    void hungBackendFailsItsDeviceOnlyWhenCompletionsRunOnBackendThreads() throws Exception {
        start(FastPath.Mode.IO);
        FileBackend hanging = new FileBackend(false);
        rig.manager.addBackend(hanging, List.of("vhd"));
        Path goodImg = rig.image("g.img", 1);
        rig.manager.attach(0, BlkRig.spec(goodImg, 'c', false));
        rig.manager.attach(0, otherFormat(rig.image("h.img", 1), 'd'));
        BlkFront good = rig.manager.localFront(BlkRig.devid('c')).orElseThrow();
        BlkFront bad = rig.manager.localFront(BlkRig.devid('d')).orElseThrow();
        hanging.hang = true;
        CompletableFuture<Void> stuck = bad.write(0, List.of(block(1))).toCompletableFuture();
        // the good device keeps serving requests chained from completions while the other hangs
        chained(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), true, good, null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BlockIoException.class, e.getCause());
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('d')).orElseThrow();
        BlkRig.await(() -> dev.state() == VbdState.FAILED, "hung device failed");
        assertTrue(dev.failure().contains("did not complete WRITE"), dev.failure());
        assertFalse(bad.connected() && dev.state() != VbdState.FAILED);
        good.write(8, List.of(block(77))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(block(77).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(goodImg, 4096, 4096));
        assertEquals(0, rig.manager.metrics(0, BlkRig.devid('c')).orElseThrow().errors());
    }

    /**
     * Mode IO with a limit of 4 pages: 32 KiB requests (8 pages) complete through blkback's
     * device thread, so their handlers never run on the backend's I/O thread. The backend's
     * gate holds the I/O until every handler is registered, so none runs on this thread.
     */
    @Test
    void inModeIoRequestsOverThePageLimitCompleteThroughTheDeviceThreadUnlessAloneAtTheDisk() throws Exception {
        start(FastPath.Mode.IO);
        System.setProperty(FastPath.IO_MAX_PAGES_PROPERTY, "4");
        Path img;
        try {
            img = rig.image("big.img", 4);
            rig.manager.attach(0, BlkRig.spec(img, 'b', false));
        } finally {
            System.clearProperty(FastPath.IO_MAX_PAGES_PROPERTY);
        }
        BlkFront f = rig.manager.localFront(BlkRig.devid('b')).orElseThrow();
        // a one-page write that stays at the disk until the test ends it
        rig.backend.hang = true;
        CompletableFuture<Void> held = f.write(1000, List.of(block(99))).toCompletableFuture();
        BlkRig.await(() -> rig.backend.hung.size() == 1, "the held write at the disk");
        rig.backend.hang = false;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        MemorySegment[] data = new MemorySegment[5];
        for (int i = 0; i < data.length; i++) {
            data[i] = arena.allocate(8 * 4096, 4096);
            for (int k = 0; k < 8; k++) {
                MemorySegment.copy(block(100 + i * 8 + k), 0, data[i], k * 4096L, 4096);
            }
        }
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(f.write(i * 64L, List.of(data[i]))
                    .whenComplete((v, e) -> threads.add(Thread.currentThread().getName()))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertTrue(threads.stream().allMatch(t -> t.startsWith("blkback")),
                "8-page writes while another request is at the disk: handler threads " + threads);
        VbdDevice device = rig.manager.device(0, BlkRig.devid('b')).orElseThrow();
        assertEquals(4, device.deviceThreadCompletions(), "the four writes were handed to the device thread");
        rig.backend.hung.getFirst().complete(null);
        held.get(30, TimeUnit.SECONDS);
        // Now each write is alone at the disk: completed on the backend's own thread, no
        // hand-off. It is held at the backend's gate until blkback's device thread, which
        // took it off the ring, has had time to leave its locked section: a completion that
        // finds the device lock taken is still handed off (correct, only slower), so a few
        // such collisions with the watchdog are allowed; without the rule none is inline.
        int inline = 0;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rig.backend.closeGate();
            int started = rig.backend.started.get();
            AtomicReference<String> on = new AtomicReference<>();
            CompletableFuture<Void> w = f.write(4 * 64L, List.of(data[4]))
                    .whenComplete((v, e) -> on.set(Thread.currentThread().getName())).toCompletableFuture();
            BlkRig.await(() -> rig.backend.started.get() > started, "the lone write at the backend");
            Thread.sleep(20);
            rig.backend.openGate();
            w.get(30, TimeUnit.SECONDS);
            seen.add(on.get());
            inline += on.get().startsWith("blkback") ? 0 : 1;
        }
        assertTrue(inline >= 3, "lone 8-page writes completed on " + seen);
        for (int i = 0; i < data.length; i++) {
            assertArrayEquals(data[i].toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 32768L * i, 32768), "write " + i);
        }
    }

    @Test
    void watchdogPeriodIsAQuarterOfTheTimeoutBetween5MsAnd1S() {
        assertEquals(125, RequestWatchdog.period(java.time.Duration.ofMillis(500)).toMillis());
        assertEquals(5, RequestWatchdog.period(java.time.Duration.ofMillis(4)).toMillis());
        assertEquals(1000, RequestWatchdog.period(java.time.Duration.ofSeconds(30)).toMillis());
    }
}
