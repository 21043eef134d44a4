package org.paravane.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OutsideRamFramesTest {

    @Test
    void agreesWithASortedMapOverRandomMapsAndUnmaps() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] pool = new MemorySegment[8];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = arena.allocate(4096, 4096);
            }
            Random rnd = new Random(6);
            TreeMap<Long, MemorySegment> model = new TreeMap<>();
            OutsideRamFrames frames = OutsideRamFrames.EMPTY;
            for (int step = 0; step < 5_000; step++) {
                long gfn = 0x100000L + rnd.nextInt(40);
                if (rnd.nextInt(3) == 0) {
                    model.remove(gfn);
                    frames = frames.without(gfn);
                } else {
                    MemorySegment f = pool[rnd.nextInt(pool.length)];
                    model.put(gfn, f);
                    frames = frames.with(gfn, f);
                }
                assertEquals(model.size(), frames.size(), "step " + step);
                for (long g = 0x100000L - 1; g <= 0x100000L + 40; g++) {
                    assertSame(model.get(g), frames.get(g), "gfn " + g + " at step " + step);
                }
            }
        }
    }

    @Test
    void aChangeLeavesTheEarlierSnapshotAsItWas() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4096, 4096);
            MemorySegment b = arena.allocate(4096, 4096);
            OutsideRamFrames one = OutsideRamFrames.EMPTY.with(7, a);
            OutsideRamFrames two = one.with(7, b).with(3, a);
            OutsideRamFrames three = two.without(7);
            assertSame(a, one.get(7));
            assertSame(b, two.get(7));
            assertNull(three.get(7));
            assertSame(a, three.get(3));
            assertEquals(3, two.gfnOf(a));
            assertEquals(7, two.gfnOf(b));
            assertEquals(-1, three.gfnOf(b));
            assertSame(three, three.without(99), "removing nothing keeps the snapshot");
        }
    }
}
