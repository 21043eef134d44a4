package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdMetrics;
import org.paravane.api.vbd.VbdState;
import org.paravane.core.blkfront.BlkFront;

/**
 * Hot-swap (suspend, park, reopen, replay) with requests in flight and under continuous load,
 * and isolation: a hung or throwing backend fails its own device only.
 */
class HotSwapIsolationTest {

    @TempDir
    Path tmp;
    BlkRig rig;
    final Arena arena = Arena.ofShared();

    @BeforeEach
    void setUp() throws Exception {
        rig = new BlkRig(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private MemorySegment block(int seed) {
        return BlkRig.block(arena, seed);
    }

    @Test
    void backendRemovedWithRequestsInFlightParksThemAndReplaysOnTheReplacement() throws Exception {
        Path img = rig.image("s.img", 2);
        rig.manager.attach(0, BlkRig.spec(img, 'a', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('a')).orElseThrow();
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('a')).orElseThrow();
        f.write(0, List.of(block(1000))).toCompletableFuture().get(10, TimeUnit.SECONDS); // a completion before

        rig.backend.closeGate();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inFlight.add(f.write(8L * (i + 1), List.of(block(i))).toCompletableFuture());
        }
        MemorySegment readBack = arena.allocate(4096, 4096);
        inFlight.add(f.read(0, List.of(readBack)).toCompletableFuture());
        BlkRig.await(() -> rig.backend.started.get() >= 2, "requests reached the backend");

        rig.manager.removeBackend(rig.backend);
        assertEquals(VbdState.SUSPENDED, dev.state());
        for (int i = 16; i < 24; i++) { // arrive while suspended: they wait on the ring
            inFlight.add(f.write(8L * (i + 1), List.of(block(i))).toCompletableFuture());
        }
        assertTrue(inFlight.stream().noneMatch(CompletableFuture::isDone), "nothing answered while suspended");
        assertEquals("4", rig.store.readString("/local/domain/0/backend/vbd/0/" + BlkRig.devid('a') + "/state"),
                "xenbus stays Connected");

        FileBackend replacement = new FileBackend(true);
        rig.manager.addBackend(replacement, List.of("raw"));
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(VbdState.RUNNING, dev.state());
        assertEquals(-1, readBack.mismatch(block(1000)));
        for (int i = 0; i < 24; i++) {
            assertArrayEquals(block(i).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096L * (i + 1), 4096), "block " + i);
        }
        VbdMetrics m = dev.metrics();
        assertEquals(0, m.errors());
        assertEquals(1, m.swaps().size());
        SwapRecord s = m.swaps().get(0);
        assertTrue(s.parkedRequests() >= 1, "parked " + s.parkedRequests());
        assertTrue(s.blackoutNanos() > 0);
        assertTrue(s.lastCompletionBeforeNanos() <= s.suspendedNanos() && s.resumedNanos() <= s.firstCompletionAfterNanos());
    }

    /**
     * A request parked while its write was still held by the old disk is answered by the
     * replacement, but its page stays mapped (the grant pinned) until the old disk's operation
     * ends too: data pages are views that unmap does not revoke, so they are given back only
     * once nothing can still touch them.
     */
    @Test
    void pagesOfARequestStillInAGivenUpDiskStayMappedUntilItsOperationEnds() throws Exception {
        java.util.Set<Integer> mapped = java.util.concurrent.ConcurrentHashMap.newKeySet();
        rig.manager.memoryDecorator = inner -> new org.paravane.core.blkif.FrontendMemory() {
            @Override
            public MappedPage map(int ref, boolean readonly) throws PageMapException {
                MappedPage page = inner.map(ref, readonly);
                mapped.add(ref);
                return page;
            }

            @Override
            public void unmap(MappedPage page) {
                mapped.remove(page.ref());
                inner.unmap(page);
            }
        };
        Path img = rig.image("p.img", 1);
        rig.manager.attach(0, BlkRig.spec(img, 'a', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('a')).orElseThrow();
        java.util.Set<Integer> ringOnly = java.util.Set.copyOf(mapped);

        rig.backend.hang = true;
        CompletableFuture<Void> write = f.write(8, List.of(block(77))).toCompletableFuture();
        BlkRig.await(() -> rig.backend.hung.size() == 1, "the write reached the old disk");
        rig.manager.removeBackend(rig.backend); // parked with its write still held by the old disk
        rig.manager.addBackend(new FileBackend(true), List.of("raw"));
        write.get(10, TimeUnit.SECONDS); // answered by the replacement
        assertArrayEquals(block(77).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096, 4096));
        assertEquals(ringOnly.size() + 1, mapped.size(), "the data page stays mapped while the old disk holds it");

        rig.backend.hung.getFirst().complete(null); // the old disk's write ends (late, ignored)
        BlkRig.await(() -> mapped.equals(ringOnly), "the data page unmapped once the old operation ended");
    }

    /** A writer keeps 8 writes in flight while the backend is swapped 5 times: no error, all data there. */
    @Test
    void repeatedSwapsUnderLoadLoseNothing() throws Exception {
        Path img = rig.image("l.img", 4);
        rig.manager.attach(0, BlkRig.spec(img, 'b', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('b')).orElseThrow();
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('b')).orElseThrow();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            List<CompletableFuture<Void>> window = new ArrayList<>();
            int i = 0;
            try {
                while (!stop.get() && i < 1024) {
                    window.add(f.write(8L * i, List.of(block(i))).toCompletableFuture());
                    i++;
                    if (window.size() == 8) {
                        window.remove(0).get(10, TimeUnit.SECONDS);
                    }
                }
                for (CompletableFuture<Void> w : window) {
                    w.get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                error.set(e);
            }
            written.set(i);
        });
        FileBackend current = rig.backend;
        for (int swap = 0; swap < 5; swap++) {
            int before = dev.metrics().swaps().size();
            BlkRig.await(() -> dev.metrics().requests() > 20L * (before + 1) || !writer.isAlive(), "progress");
            rig.manager.removeBackend(current);
            current = new FileBackend(true);
            rig.manager.addBackend(current, List.of("raw"));
        }
        stop.set(true);
        writer.join(20_000);
        assertEquals(null, error.get());
        assertEquals(0, dev.metrics().errors());
        assertTrue(dev.metrics().swaps().size() >= 1, "swaps recorded: " + dev.metrics().swaps());
        for (int i = 0; i < written.get(); i++) {
            assertArrayEquals(block(i).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096L * i, 4096), "block " + i);
        }
    }

    private DiskSpec otherFormat(Path target, char letter) {
        return new DiskSpec(target.toString(), DiskFormat.VHD, "xvd" + letter, BlkRig.devid(letter), DiskAccess.READ_WRITE,
                DiskDeviceType.DISK, DiskBackendType.AUTO, null, null, DiskSpecification.XEN, false, true, true, Map.of());
    }

    private void healthyDeviceStillWorks(BlkFront good, Path img, int seed) throws Exception {
        good.write(16, List.of(block(seed))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(block(seed).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 16 * 512, 4096));
    }

    private void assertFailedAndClosed(char letter, BlkFront victim) throws Exception {
        VbdDevice dev = rig.manager.device(0, BlkRig.devid(letter)).orElseThrow();
        BlkRig.await(() -> dev.state() == VbdState.FAILED, "device failed");
        String bp = "/local/domain/0/backend/vbd/0/" + BlkRig.devid(letter) + "/state";
        BlkRig.await(() -> {
            try {
                return rig.store.readString(bp).equals("6");
            } catch (Exception e) {
                return false;
            }
        }, "backend Closed after the frontend closed");
        assertFalse(victim.connected());
    }

    @Test
    void hungBackendFailsItsDeviceOnly() throws Exception {
        FileBackend hanging = new FileBackend(false);
        rig.manager.addBackend(hanging, List.of("vhd"));
        Path goodImg = rig.image("g.img", 1);
        Path badImg = rig.image("h.img", 1);
        rig.manager.attach(0, BlkRig.spec(goodImg, 'c', false));
        rig.manager.attach(0, otherFormat(badImg, 'd'));
        BlkFront good = rig.manager.localFront(BlkRig.devid('c')).orElseThrow();
        BlkFront bad = rig.manager.localFront(BlkRig.devid('d')).orElseThrow();
        hanging.hang = true;
        CompletableFuture<Void> stuck = bad.write(0, List.of(block(1))).toCompletableFuture();
        healthyDeviceStillWorks(good, goodImg, 2);
        ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BlockIoException.class, e.getCause());
        assertFailedAndClosed('d', bad);
        assertTrue(rig.manager.device(0, BlkRig.devid('d')).orElseThrow().failure().contains("did not complete"));
        healthyDeviceStillWorks(good, goodImg, 3);
        assertEquals(0, rig.manager.metrics(0, BlkRig.devid('c')).orElseThrow().errors());
    }

    @Test
    void throwingBackendFailsItsDeviceOnly() throws Exception {
        FileBackend buggy = new FileBackend(false);
        rig.manager.addBackend(buggy, List.of("vhd"));
        Path goodImg = rig.image("g.img", 1);
        Path badImg = rig.image("t.img", 1);
        rig.manager.attach(0, BlkRig.spec(goodImg, 'e', false));
        rig.manager.attach(0, otherFormat(badImg, 'f'));
        BlkFront good = rig.manager.localFront(BlkRig.devid('e')).orElseThrow();
        BlkFront bad = rig.manager.localFront(BlkRig.devid('f')).orElseThrow();
        buggy.throwOnWrite = true;
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> bad.write(0, List.of(block(1))).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(BlockIoException.class, e.getCause());
        assertFailedAndClosed('f', bad);
        assertTrue(rig.manager.device(0, BlkRig.devid('f')).orElseThrow().failure().contains("injected backend bug"));
        healthyDeviceStillWorks(good, goodImg, 4);
    }
}
