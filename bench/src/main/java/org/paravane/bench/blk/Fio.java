package org.paravane.bench.blk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Debian's {@code fio} with the same workload on the same file and reads its terse
 * (v3) output: fields 6-9 are read KiB, KiB/s, IOPS and runtime in ms, fields 47-50 the
 * same for writes.
 */
public final class Fio {

    private Fio() {
    }

    /** Whether fio is on the PATH. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("fio", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * glibc (2.35+) settings that put fio's buffers in transparent huge pages, the peer of
     * {@link BlockWorkload.Spec#hugeBuffers}: fio has no option for that (its {@code
     * mem=mmaphuge} needs a hugetlbfs pool). {@code hugetlb=1} makes malloc advise {@code
     * MADV_HUGEPAGE}, but only on mappings of 2 MiB or more, so the threshold keeps fio's one
     * 1 MiB buffer (psync, iodepth 1) in the advised heap instead of a mapping of its own.
     * Checked: fio's AnonHugePages in /proc/PID/smaps_rollup is 2048 kB with this, 0 without.
     */
    static final String HUGE_MALLOC = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432";

    /** The fio command line for {@code spec} on {@code file} with {@code engine}. */
    public static List<String> command(Path file, BlockWorkload.Spec spec, String engine, boolean direct,
            long rampMillis) {
        // psync issues one request at a time whatever the iodepth; say so rather than let fio cap it
        int depth = engine.equals("psync") ? 1 : spec.queueDepth();
        List<String> cmd = new ArrayList<>(List.of("fio", "--name=paravane", "--filename=" + file,
                "--rw=" + spec.fioRw(), "--bs=" + spec.blockBytes(), "--size=" + spec.regionBytes(),
                "--ioengine=" + engine, "--iodepth=" + depth, "--direct=" + (direct ? 1 : 0),
                "--runtime=" + Math.max(1, spec.millis() / 1000), "--time_based", "--norandommap",
                "--randrepeat=0", "--numjobs=1", "--thread", "--minimal"));
        if (rampMillis > 0) {
            cmd.add("--ramp_time=" + rampMillis + "ms");
        }
        return cmd;
    }

    /** Runs fio and returns its result. */
    public static BlockWorkload.Result run(Path file, BlockWorkload.Spec spec, String engine, boolean direct,
            long rampMillis) throws IOException, InterruptedException {
        List<String> cmd = command(file, spec, engine, direct, rampMillis);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (spec.hugeBuffers()) {
            pb.environment().put("GLIBC_TUNABLES", HUGE_MALLOC);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        String line = out.lines().filter(l -> l.startsWith("3;")).findFirst()
                .orElseThrow(() -> new IOException("no terse line in fio output: " + out.strip()));
        String[] f = line.split(";");
        int base = spec.op() == BlockWorkload.Op.READ ? 5 : 46; // 0-based index of "KiB transferred"
        long kib = Long.parseLong(f[base]);
        double iosPerSec = Double.parseDouble(f[base + 2]);
        long ms = Long.parseLong(f[base + 3]);
        double seconds = ms / 1000.0;
        long ops = Math.round(iosPerSec * seconds);
        return new BlockWorkload.Result(kib * 1024, ops, seconds);
    }
}
