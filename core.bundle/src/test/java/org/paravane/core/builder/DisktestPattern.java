package org.paravane.core.builder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Java side of disktest's sector pattern (guest/src/pattern.h): word 0 = sector, word 1
 * = pass << 32 | seed, words 2..63 = splitmix64 of (seed, pass, sector, index). Tests use it
 * to check what a guest left on a disk.
 */
public final class DisktestPattern {

    private DisktestPattern() {
    }

    /** One little-endian u64 word of a sector, as pattern_word computes it. */
    public static long word(long seed, int pass, long sector, int index) {
        if (index == 0) {
            return sector;
        }
        if (index == 1) {
            return ((long) pass << 32) | (seed & 0xFFFFFFFFL);
        }
        long z = seed ^ (pass * 0x9E3779B97F4A7C15L) ^ (sector * 0xBF58476D1CE4E5B9L) ^ index;
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Throws an AssertionError naming the first sector and word of {@code disk} (starting at
     * sector 0) that does not hold the pattern of {@code pass}, over {@code sectors} sectors.
     */
    public static void assertHolds(byte[] disk, long sectors, long seed, int pass) {
        ByteBuffer b = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < sectors; s++) {
            for (int w = 0; w < 64; w++) {
                long got = b.getLong(s * 512 + w * 8);
                long want = word(seed, pass, s, w);
                if (got != want) {
                    throw new AssertionError("sector " + s + " word " + w + ": expected 0x" + Long.toHexString(want)
                            + " got 0x" + Long.toHexString(got) + " (sector " + b.getLong(s * 512) + ", pass "
                            + (b.getLong(s * 512 + 8) >>> 32) + ")");
                }
            }
        }
    }
}
