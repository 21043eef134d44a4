package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdMetrics;
import org.paravane.api.vbd.VbdState;
import org.paravane.core.blkfront.BlkFront;

/**
 * Make-before-break with a drain ({@link SwapMover}): requests in flight complete once on the
 * old backend, requests the frontend publishes during the swap wait on the ring and run once
 * on the new one, overlapping writes keep their order across the two builds, a barrier in
 * progress finishes on the old build, and an old build that does not finish within the drain
 * bound gets the park-and-replay treatment instead of failing the device.
 */
class DrainSwapTest {

    @TempDir
    Path tmp;
    BlkRig rig;
    final Arena arena = Arena.ofShared();

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private MemorySegment block(int seed) {
        return BlkRig.block(arena, seed);
    }

    private static Thread mover(BlkRig rig, FileBackend old) {
        return Thread.ofPlatform().name("test-unbind").start(() -> rig.manager.removeBackend(old));
    }

    private static long writesAt(FileBackend b, long sector) {
        return b.ran.stream().filter(r -> r.kind() == 'W' && r.sector() == sector).count();
    }

    @Test
    void inFlightRequestsCompleteOnTheOldBuildAndNewOnesRunOnceOnTheNew() throws Exception {
        rig = new BlkRig(tmp);
        Path img = rig.image("d.img", 2);
        rig.manager.attach(0, BlkRig.spec(img, 'a', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('a')).orElseThrow();
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('a')).orElseThrow();
        f.write(8, List.of(block(999))).toCompletableFuture().get(10, TimeUnit.SECONDS); // a completion before
        FileBackend old = rig.backend;
        FileBackend next = new FileBackend(true);
        rig.manager.addBackend(next, List.of("raw")); // make-before-break: bound, serves nothing yet
        assertSame(old, dev.backend(), "binding a second backend moves no device");

        old.closeGate();
        List<CompletableFuture<Void>> before = new ArrayList<>();
        before.add(f.write(0, List.of(block(1))).toCompletableFuture()); // A: overwritten by B below
        for (int i = 1; i <= 7; i++) {
            before.add(f.write(8L * (i + 1), List.of(block(100 + i))).toCompletableFuture());
        }
        BlkRig.await(() -> old.started.get() == 9, "8 requests in the old disk");

        Thread unbind = mover(rig, old);
        BlkRig.await(dev::draining, "the drain started");
        List<CompletableFuture<Void>> during = new ArrayList<>();
        during.add(f.write(0, List.of(block(2))).toCompletableFuture()); // B: same sector as A, published later
        for (int i = 8; i <= 11; i++) {
            during.add(f.write(8L * (i + 1), List.of(block(100 + i))).toCompletableFuture());
        }
        MemorySegment readBack = arena.allocate(4096, 4096);
        during.add(f.read(16, List.of(readBack)).toCompletableFuture()); // written by a request in flight
        Thread.sleep(50); // give a wrong implementation the chance to take them
        assertEquals(9, old.started.get(), "nothing new is issued to the old build while it drains");
        assertEquals(0, next.started.get(), "nor to the new one before the old disk is closed");
        assertTrue(before.stream().noneMatch(CompletableFuture::isDone), "the gate holds the old disk");
        assertTrue(during.stream().noneMatch(CompletableFuture::isDone));
        assertEquals(VbdState.RUNNING, dev.state(), "draining is not suspended: answers still go out");

        old.openGate();
        CompletableFuture.allOf(before.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        unbind.join(10_000);
        assertFalse(unbind.isAlive());

        assertSame(next, dev.backend());
        assertEquals(VbdState.RUNNING, dev.state());
        assertEquals(9, old.ran.size(), "each request in flight ran once, on the old build");
        assertEquals(6, next.ran.size(), "each request published during the swap ran once, on the new build");
        assertEquals(1, writesAt(old, 0));
        assertEquals(1, writesAt(next, 0));
        FileBackend.Ran a = old.ran.stream().filter(r -> r.kind() == 'W' && r.sector() == 0).findFirst().orElseThrow();
        FileBackend.Ran b = next.ran.stream().filter(r -> r.kind() == 'W' && r.sector() == 0).findFirst().orElseThrow();
        assertTrue(a.endTick() < b.startTick(), "B was written after A had completed: " + a + " " + b);
        assertArrayEquals(block(2).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 0, 4096), "B is on disk, not A");
        for (int i = 1; i <= 11; i++) {
            assertArrayEquals(block(100 + i).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096L * (i + 1), 4096),
                    "block " + i);
        }
        assertEquals(-1, readBack.mismatch(block(101)), "the read saw the drained write");

        VbdMetrics m = dev.metrics();
        assertEquals(0, m.errors());
        assertEquals(0, m.parked(), "nothing parked, nothing replayed");
        assertEquals(1, m.swaps().size());
        SwapRecord s = m.swaps().get(0);
        assertEquals(0, s.parkedRequests());
        assertTrue(s.lastCompletionBeforeNanos() > s.suspendedNanos(),
                "the drained answers went out after the drain started: " + s);
        assertTrue(s.lastCompletionBeforeNanos() <= s.resumedNanos() && s.resumedNanos() <= s.firstCompletionAfterNanos(),
                s.toString());
        f.write(8, List.of(block(3))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(7, next.ran.size(), "the device keeps running on the new build");
    }

    @Test
    void aBarrierInProgressFinishesOnTheOldBuildAndWhatWaitsBehindItRunsOnTheNew() throws Exception {
        rig = new BlkRig(tmp);
        Path img = rig.image("b.img", 2);
        rig.manager.attach(0, BlkRig.spec(img, 'b', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('b')).orElseThrow();
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('b')).orElseThrow();
        FileBackend old = rig.backend;
        FileBackend next = new FileBackend(true);
        rig.manager.addBackend(next, List.of("raw"));

        old.closeGate();
        CompletableFuture<Void> a = f.write(0, List.of(block(1))).toCompletableFuture();
        BlkRig.await(() -> old.started.get() == 1, "the first write in the old disk");
        CompletableFuture<Void> barrier = f.writeBarrier(8, List.of(block(2))).toCompletableFuture();
        CompletableFuture<Void> behind = f.write(16, List.of(block(3))).toCompletableFuture();
        BlkRig.await(() -> {
            try {
                return dev.acceptedRequests() == 2; // intake stops behind a barrier: the third waits on the ring
            } catch (Exception e) {
                return false;
            }
        }, "the barrier taken off the ring");
        Thread unbind = mover(rig, old);
        BlkRig.await(dev::draining, "the drain started");
        old.openGate();
        CompletableFuture.allOf(a, barrier, behind).get(10, TimeUnit.SECONDS);
        unbind.join(10_000);

        assertEquals(List.of('W', 'W', 'F'), old.ran.stream().map(FileBackend.Ran::kind).toList(),
                "the write, then the barrier's data write and flush, on the old build");
        assertEquals(1, next.ran.size(), "the write behind the barrier ran once, on the new build");
        assertEquals(16, next.ran.get(0).sector());
        assertTrue(old.ran.get(2).endTick() < next.ran.get(0).startTick(), "after the barrier's flush");
        for (int i = 1; i <= 3; i++) {
            assertArrayEquals(block(i).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096L * (i - 1), 4096));
        }
        assertEquals(0, dev.metrics().errors());
        assertSame(next, dev.backend());
    }

    @Test
    void anOldBuildThatDoesNotFinishWithinTheBoundIsParkedAndReplayedNotFailed() throws Exception {
        // request timeout 2 s: drain bound 1 s, the watchdog would fail the device after 2-2.5 s
        rig = new BlkRig(tmp, new BlkbackConfig(Duration.ofSeconds(2), 4, 256, Duration.ofSeconds(5)), true);
        assertEquals(Duration.ofSeconds(1), SwapMover.drainBound(new BlkbackConfig(Duration.ofSeconds(2), 4, 256,
                Duration.ofSeconds(5))));
        Path img = rig.image("h.img", 2);
        rig.manager.attach(0, BlkRig.spec(img, 'c', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('c')).orElseThrow();
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('c')).orElseThrow();
        FileBackend old = rig.backend;
        FileBackend next = new FileBackend(true);
        rig.manager.addBackend(next, List.of("raw"));

        old.hang = true; // its stages never complete
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(f.write(8L * i, List.of(block(10 + i))).toCompletableFuture());
        }
        BlkRig.await(() -> old.started.get() == 4, "4 requests in the hung disk");
        rig.manager.removeBackend(old); // returns after the drain bound, having parked and replayed
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertEquals(VbdState.RUNNING, dev.state(), String.valueOf(dev.failure()));
        assertSame(next, dev.backend());
        assertEquals(4, next.ran.size(), "the 4 stuck requests were replayed once on the new build");
        assertEquals(0, old.ran.size(), "none of them ran on the hung build");
        VbdMetrics m = dev.metrics();
        assertEquals(0, m.errors());
        assertEquals(4, m.parked());
        assertEquals(4, m.swaps().get(0).parkedRequests());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(block(10 + i).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096L * i, 4096));
        }
    }

    @Test
    void withTheDrainSwitchedOffTheInFlightRequestsAreParkedAndReplayed() throws Exception {
        rig = new BlkRig(tmp);
        Path img = rig.image("p.img", 2);
        rig.manager.attach(0, BlkRig.spec(img, 'd', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('d')).orElseThrow();
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('d')).orElseThrow();
        FileBackend old = rig.backend;
        FileBackend next = new FileBackend(true);
        rig.manager.addBackend(next, List.of("raw"));
        old.closeGate();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(f.write(8L * i, List.of(block(20 + i))).toCompletableFuture());
        }
        BlkRig.await(() -> old.started.get() == 3, "3 requests in the old disk");
        System.setProperty(SwapMover.DRAIN_PROPERTY, "false");
        try {
            rig.manager.removeBackend(old); // parks at once; the old disk's close drops its queue
        } finally {
            System.clearProperty(SwapMover.DRAIN_PROPERTY);
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertSame(next, dev.backend());
        assertEquals(3, dev.metrics().parked());
        assertEquals(3, next.ran.size(), "replayed on the new build");
        assertEquals(0, dev.metrics().errors());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(block(20 + i).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096L * i, 4096));
        }
    }
}
