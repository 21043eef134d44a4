package org.paravane.bench.blk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The block device under a file, seen through {@code /sys/dev/block/MAJOR:MINOR/stat}
 * (Documentation/block/stat.rst: field 1 reads completed, 3 sectors read, 5 writes completed,
 * 7 sectors written). A bench phase's average device request size says how the kernel cut
 * its transfers: a 1 MiB O_DIRECT read from scattered 4 KiB pages reaches a virtio disk with
 * {@code max_segments} 254 as two requests (512 KiB on average), from contiguous memory as
 * one. The size decides this disk's rate (docs/benchmarks.md), so every phase reports it.
 */
final class DeviceStats {

    private final Path stat;

    private DeviceStats(Path stat) {
        this.stat = stat;
    }

    /** The statistics of the device holding {@code file}, or null where there are none (tmpfs, not Linux). */
    static DeviceStats forFile(Path file) {
        try {
            long dev = (Long) Files.getAttribute(file, "unix:dev");
            // glibc's gnu_dev_major / gnu_dev_minor encoding of st_dev
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            Path stat = Path.of("/sys/dev/block/" + major + ":" + minor + "/stat");
            return Files.isReadable(stat) ? new DeviceStats(stat) : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Reads, sectors read, writes, sectors written, now. */
    long[] sample() {
        try {
            String[] f = Files.readString(stat).trim().split("\\s+");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[2]), Long.parseLong(f[4]), Long.parseLong(f[6])};
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }

    /** "dev 1024 KiB/req": the average request of the direction that moved more data between two samples. */
    static String describe(long[] before, long[] after) {
        long reads = after[0] - before[0];
        long readSectors = after[1] - before[1];
        long writes = after[2] - before[2];
        long writeSectors = after[3] - before[3];
        boolean read = readSectors >= writeSectors;
        long n = read ? reads : writes;
        long sectors = read ? readSectors : writeSectors;
        return n == 0 ? "dev -" : String.format("dev %4d KiB/req", sectors / 2 / n);
    }

    /** {@link #describe} of a phase, or "" without statistics. */
    static String phase(DeviceStats stats, long[] before) {
        return stats == null ? "" : "  " + describe(before, stats.sample());
    }

    /** A sample, or null without statistics. */
    static long[] sample(DeviceStats stats) {
        return stats == null ? null : stats.sample();
    }
}
