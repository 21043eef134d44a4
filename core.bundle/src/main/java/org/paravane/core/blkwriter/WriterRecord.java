package org.paravane.core.blkwriter;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The self-identifying 4 KiB records {@link AckedWriter} writes, so that a checker can tell,
 * for every 512-byte sector of a disk, which write (if any) it holds.
 *
 * <p>A record is 8 sectors written by one request at a sector that is a multiple of 8.
 * Every 512-byte sector of it carries, little-endian: {@code 0} the magic
 * {@code "PVWREC01"}, {@code 8} the writer's seed, {@code 16} the sequence number,
 * {@code 24} the sector's own number (LBA), {@code 32} the record's first sector; bytes
 * 40..511 are a xorshift stream seeded from (seed, seq, LBA). A sector of zeros was never
 * written; anything else that does not decode is a corrupt sector.
 *
 * <p>Record {@code seq} of seed {@code s} goes to slot {@link #slot(long, long, long)}:
 * a stateless hash, so a checker can say where an unacknowledged write would have landed.
 */
public final class WriterRecord {

    /** Bytes per record. */
    public static final int RECORD_BYTES = 4096;
    /** 512-byte sectors per record. */
    public static final int SECTORS = 8;
    /** Bytes per sector this format assumes. */
    public static final int SECTOR_BYTES = 512;
    /** The magic at offset 0 of every sector, as a little-endian long ("PVWREC01"). */
    public static final long MAGIC = 0x3130434552575650L;

    private static final ValueLayout.OfLong LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int HEADER = 40;

    private WriterRecord() {
    }

    /** The first sector of record {@code seq} on a disk of {@code sectors} 512-byte sectors. */
    public static long slot(long seed, long seq, long sectors) {
        long slots = sectors / SECTORS;
        if (slots < 1) {
            throw new IllegalArgumentException("a disk of " + sectors + " sectors holds no 4 KiB record");
        }
        return Long.remainderUnsigned(mix(seed * 0x9E3779B97F4A7C15L + seq), slots) * SECTORS;
    }

    /** Fills {@code record} (4096 bytes) with record {@code seq} of {@code seed} at {@code first}. */
    public static void fill(MemorySegment record, long seed, long seq, long first) {
        if (record.byteSize() != RECORD_BYTES) {
            throw new IllegalArgumentException("a record is " + RECORD_BYTES + " bytes, not " + record.byteSize());
        }
        for (int i = 0; i < SECTORS; i++) {
            fillSector(record.asSlice((long) i * SECTOR_BYTES, SECTOR_BYTES), seed, seq, first + i, first);
        }
    }

    /** Fills one 512-byte sector of record {@code seq} whose own number is {@code lba}. */
    public static void fillSector(MemorySegment s, long seed, long seq, long lba, long first) {
        s.set(LE, 0, MAGIC);
        s.set(LE, 8, seed);
        s.set(LE, 16, seq);
        s.set(LE, 24, lba);
        s.set(LE, 32, first);
        long x = mix(seed ^ mix(seq ^ mix(lba))) | 1;
        for (int o = HEADER; o < SECTOR_BYTES; o += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            s.set(LE, o, x);
        }
    }

    /** splitmix64's finaliser: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
