package org.paravane.backend.blockdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StagingBuffers} without a disk: when it applies, the copies, and the pool. */
class StagingBuffersTest {

    private static final long KIB = 1024;

    @Test
    void onlyDirectTransfersBetweenTheThresholdAndTheCapacityAreStaged() {
        try (Arena arena = Arena.ofConfined()) {
            StagingBuffers s = new StagingBuffers(arena, 256 * KIB, 4096 * KIB, 2, PageLayout.SELF);
            assertTrue(s.applies(true, 256 * KIB));
            assertTrue(s.applies(true, 4096 * KIB));
            assertFalse(s.applies(true, 252 * KIB), "below the threshold");
            assertFalse(s.applies(true, 4100 * KIB), "above the capacity");
            assertFalse(s.applies(false, 1024 * KIB), "buffered I/O");
            assertFalse(new StagingBuffers(arena, 0, 4096 * KIB, 2, PageLayout.SELF).applies(true, 1024 * KIB), "threshold 0: off");
            assertThrows(IllegalArgumentException.class, () -> new StagingBuffers(arena, 1, 1000, 2, PageLayout.SELF));
        }
    }

    @Test
    void gatherAndScatterFollowThePiecesInOrderAndAShortReadCopiesOnlyWhatArrived() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8);
            MemorySegment b = arena.allocate(4);
            MemorySegment c = arena.allocate(4);
            a.copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
            b.copyFrom(MemorySegment.ofArray(new byte[] {9, 10, 11, 12}));
            c.copyFrom(MemorySegment.ofArray(new byte[] {13, 14, 15, 16}));
            List<Transfer> parts = List.of(new Transfer(true, 0, List.of(a, b), 12, true, null),
                    new Transfer(true, 12, List.of(c), 4, true, null));
            MemorySegment staging = arena.allocate(16);
            StagingBuffers.gather(parts, staging);
            byte[] all = new byte[16];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) (i + 1);
            }
            assertArrayEquals(all, staging.toArray(ValueLayout.JAVA_BYTE));

            a.fill((byte) 0);
            b.fill((byte) 0);
            c.fill((byte) 0);
            StagingBuffers.scatter(staging, parts, 10); // a short read: 10 of 16 bytes
            assertArrayEquals(Arrays.copyOf(all, 8), a.toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(new byte[] {9, 10, 0, 0}, b.toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(new byte[4], c.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void buffersAreMappedOnFirstUseReusedAndAlignedToAHugePage() {
        try (Arena arena = Arena.ofShared()) {
            StagingBuffers s = new StagingBuffers(arena, 256 * KIB, 4096 * KIB, 2, PageLayout.SELF);
            assertEquals(0, s.mapped());
            MemorySegment one = s.take();
            MemorySegment two = s.take();
            assertEquals(2, s.mapped(), "two calls in flight, two buffers");
            assertEquals(4096 * KIB, one.byteSize());
            if (org.paravane.lib.io.HugePages.available()) {
                assertEquals(0, one.address() % org.paravane.lib.io.HugePages.SIZE, "starts on a 2 MiB boundary");
            }
            assertNull(s.take(), "both in use: the third call is not staged");
            s.release(one);
            s.release(two);
            assertSame(two, s.take(), "the last one released is used again");
            assertEquals(2, s.mapped());
        }
    }
}
