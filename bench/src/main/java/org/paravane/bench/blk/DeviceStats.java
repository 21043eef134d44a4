package org.paravane.bench.blk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The block device under a file, seen through {@code /sys/dev/block/MAJOR:MINOR/stat}
 * (Documentation/block/stat.rst: field 1 reads completed, 3 sectors read, 4 ms spent reading,
 * 5 writes completed, 7 sectors written, 8 ms spent writing, 11 weighted ms in queue). A bench
 * phase's average device request size says how the kernel cut
 * its transfers: a 1 MiB O_DIRECT read from scattered 4 KiB pages reaches a virtio disk with
 * {@code max_segments} 254 as two requests (512 KiB on average), from contiguous memory as
 * one. The size decides this disk's rate (docs/benchmarks.md), so every phase reports it.
 * With it come the average device time per request ({@code lat}, from fields 4 and 8) and the
 * average number of requests at the device ({@code depth}: field 11 over the phase's wall time),
 * which tell a slower device from a queue kept less full.
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

    /** Reads, sectors read, writes, sectors written, ms reading, ms writing, weighted ms in queue, nanoTime. */
    long[] sample() {
        long now = System.nanoTime();
        try {
            String[] f = Files.readString(stat).trim().split("\\s+");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[2]), Long.parseLong(f[4]), Long.parseLong(f[6]),
                Long.parseLong(f[3]), Long.parseLong(f[7]), Long.parseLong(f[10]), now};
        } catch (IOException | RuntimeException e) {
            return new long[8];
        }
    }

    /**
     * "dev 1024 KiB/req lat 412 us depth 15.1": the average request of the direction that moved
     * more data between two samples, its average time at the device, and the average depth.
     */
    static String describe(long[] before, long[] after) {
        long reads = after[0] - before[0];
        long readSectors = after[1] - before[1];
        long writes = after[2] - before[2];
        long writeSectors = after[3] - before[3];
        boolean read = readSectors >= writeSectors;
        long n = read ? reads : writes;
        long sectors = read ? readSectors : writeSectors;
        long ticks = read ? after[4] - before[4] : after[5] - before[5];
        double wallMs = (after[7] - before[7]) / 1e6;
        double depth = wallMs <= 0 ? 0 : (after[6] - before[6]) / wallMs;
        return n == 0 ? "dev -" : String.format("dev %4d KiB/req lat %4d us depth %4.1f", sectors / 2 / n,
                ticks * 1000 / n, depth);
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
