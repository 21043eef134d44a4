package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.core.blkfront.BlkFront;

/**
 * The Java blkfront lends a caller's whole native pages to the backend (granted per request,
 * revoked on the response) instead of copying through its bounce pages, and falls back to
 * the bounce pages for anything else; data verified in the file and read back either way.
 */
class BlkFrontZeroCopyTest {

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
        arena.close();
    }

    private MemorySegment pattern(long bytes, long alignment, long seed) {
        MemorySegment s = arena.allocate(bytes, alignment);
        Random r = new Random(seed);
        for (long i = 0; i < bytes; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        }
        return s;
    }

    private static void get(java.util.concurrent.CompletionStage<Void> st) throws Exception {
        st.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] concat(List<MemorySegment> parts) {
        long n = parts.stream().mapToLong(MemorySegment::byteSize).sum();
        byte[] all = new byte[(int) n];
        int o = 0;
        for (MemorySegment p : parts) {
            byte[] b = p.toArray(ValueLayout.JAVA_BYTE);
            System.arraycopy(b, 0, all, o, b.length);
            o += b.length;
        }
        return all;
    }

    /** Page buffers (one read-only for the write) in indirect and direct requests: lent, verified, all grants returned. */
    @Test
    void wholePagesAreLentAndEveryGrantIsReturned() throws Exception {
        Path img = rig.image("z.img", 8);
        for (int order : new int[] {256, 0}) { // indirect (1 MiB requests), then direct only (44 KiB)
            char letter = order == 0 ? 'b' : 'a';
            rig.manager.attach(0, BlkRig.spec(img, letter, false), new BlkFront.Options(0, order, Duration.ofSeconds(10)));
            BlkFront f = rig.manager.localFront(BlkRig.devid(letter)).orElseThrow();
            int grantsBefore = rig.manager.localGrants().grantCount();
            List<MemorySegment> parts = List.of(pattern(8192, 4096, order + 1).asReadOnly(),
                    pattern(1 << 20, 4096, order + 2), pattern(12288, 4096, order + 3));
            long sector = 2048L + order;
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // several in flight at once
                writes.add(f.write(sector + i * 2200L, parts).toCompletableFuture());
            }
            for (CompletableFuture<Void> w : writes) {
                w.get(10, TimeUnit.SECONDS);
            }
            assertTrue(f.zeroCopyRequests() >= 4, "requests lent: " + f.zeroCopyRequests());
            byte[] expected = concat(parts);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(expected, BlkRig.read(img, (sector + i * 2200L) * 512, expected.length), "file " + i);
                List<MemorySegment> back = List.of(arena.allocate(expected.length - 4096, 4096),
                        arena.allocate(4096, 4096));
                long lentBefore = f.zeroCopyRequests();
                get(f.read(sector + i * 2200L, back));
                assertTrue(f.zeroCopyRequests() > lentBefore, "the read lent its pages");
                assertArrayEquals(expected, concat(back), "read back " + i);
            }
            assertEquals(grantsBefore, rig.manager.localGrants().grantCount(), "every lent grant revoked");
            assertEquals(order == 0 ? 2 : 1, rig.manager.localGrants().mappedCount(), "only the rings stay mapped");
        }
    }

    /** Buffers not made of whole pages go through the bounce pages: nothing lent, same data. */
    @Test
    void unalignedBuffersAreCopied() throws Exception {
        Path img = rig.image("c.img", 4);
        rig.manager.attach(0, BlkRig.spec(img, 'c', false));
        BlkFront f = rig.manager.localFront(BlkRig.devid('c')).orElseThrow();
        MemorySegment odd = pattern(3 * 4096 + 512, 4096, 9).asSlice(512); // page multiple, not page aligned
        MemorySegment heap = MemorySegment.ofArray(new byte[4096]); // not native
        heap.copyFrom(pattern(4096, 8, 10));
        get(f.write(64, List.of(odd, heap)));
        byte[] expected = concat(List.of(odd, heap));
        assertArrayEquals(expected, BlkRig.read(img, 64 * 512, expected.length));
        MemorySegment back = arena.allocate(expected.length + 512, 4096).asSlice(512);
        get(f.read(64, List.of(back)));
        assertArrayEquals(expected, back.toArray(ValueLayout.JAVA_BYTE));
        assertEquals(0, f.zeroCopyRequests());
    }
}
