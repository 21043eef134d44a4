package org.paravane.bench.blk;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.backend.blockdev.BlockdevBackend;

/**
 * Issue 6: the raw backend (backend-blockdev) against fio on the same file in the same run.
 * Four cases, sequential 1 MiB and random 4 KiB, read and write; each runs through {@link
 * BlockWorkload} on a {@link BlockDisk} opened by {@link BlockdevBackend}, then through fio
 * with each engine given (psync: one synchronous request at a time, like the backend's one
 * I/O thread; libaio: the queue depth really reaches the device).
 *
 * <pre>./hv bench blockdev [--file /var/tmp/paravane-blockdev.img] [--size-mib 1024]
 *     [--seconds 5] [--qd 16] [--direct true|false] [--engines psync,libaio]
 *     [--cases read,write,randread,randwrite] [--rounds 3] [--keep]</pre>
 *
 * <p>The JVM first runs 3 s of random 4 KiB and 3 s of sequential 1 MiB reads, unmeasured,
 * so the JIT has compiled the request path. Each side then gets a one-second warm-up that is not measured (fio: {@code --ramp_time=1});
 * the sides run in alternating order for {@code --rounds} rounds and the medians are
 * compared (ratio = paravane IOPS / fio IOPS).
 */
public final class BlockdevBench {

    private static final int MIB = 1 << 20;
    static final long RAMP_MILLIS = 1000;
    private static final long JIT_WARMUP_MILLIS = 3000;

    private BlockdevBench() {
    }

    public static void main(String[] args) throws Exception {
        DiskBenchArgs a = DiskBenchArgs.parse("blockdev", Path.of("/var/tmp/paravane-blockdev.img"), false, args);
        Path file = a.file();
        long sizeMib = a.sizeMib();
        int seconds = a.seconds();
        int qd = a.qd();
        int rounds = a.rounds();
        List<String> cases = a.cases();
        boolean direct = a.direct();
        boolean keep = a.keep();
        List<String> engines = a.engines();
        if (!Fio.available()) {
            throw new IllegalStateException("fio is not installed (apt-get install fio)");
        }
        long size = sizeMib * MIB;
        prepare(file, size);
        System.out.printf("file %s, %d MiB, %s, queue depth %d, %d s per run, fs %s%n", file, sizeMib,
                direct ? "O_DIRECT" : "buffered", qd, seconds, fsType(file));
        System.out.println("load average before: " + loadAverage() + "; " + Runtime.getRuntime().availableProcessors()
                + " CPUs");
        List<BlockWorkload.Spec> specs = List.of(
                new BlockWorkload.Spec(BlockWorkload.Op.READ, false, MIB, qd, size, seconds * 1000L),
                new BlockWorkload.Spec(BlockWorkload.Op.WRITE, false, MIB, qd, size, seconds * 1000L),
                new BlockWorkload.Spec(BlockWorkload.Op.READ, true, 4096, qd, size, seconds * 1000L),
                new BlockWorkload.Spec(BlockWorkload.Op.WRITE, true, 4096, qd, size, seconds * 1000L));
        Map<String, String> direct0 = Map.of(BlockdevBackend.OPTION_DIRECT_IO, Boolean.toString(direct));
        // JIT warm-up of the whole request path once per JVM (not measured; fio needs none)
        try (BlockDisk disk = new BlockdevBackend().open(new BlockOpenRequest(file.toString(), "raw", false, direct0))) {
            BlockWorkload.run(disk, new BlockWorkload.Spec(BlockWorkload.Op.READ, true, 4096, qd, size, JIT_WARMUP_MILLIS));
            BlockWorkload.run(disk, new BlockWorkload.Spec(BlockWorkload.Op.READ, false, MIB, qd, size, JIT_WARMUP_MILLIS));
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-24s %9s %9s %9s %9s %6s", "case (median of " + rounds + ")", "MB/s", "IOPS",
                "peer MB/s", "peer IOPS", "ratio"));
        for (BlockWorkload.Spec spec : specs) {
            if (!cases.contains(spec.fioRw())) {
                continue;
            }
            String name = spec.fioRw() + " " + (spec.blockBytes() >= MIB ? spec.blockBytes() / MIB + "M"
                    : spec.blockBytes() / 1024 + "k");
            List<BlockWorkload.Result> ours = new ArrayList<>();
            Map<String, List<BlockWorkload.Result>> peers = new LinkedHashMap<>();
            engines.forEach(e -> peers.put(e, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                // alternate who goes first, so neither side always inherits a warm host cache
                if (r % 2 == 1) {
                    runFio(file, spec, engines, direct, peers, name);
                }
                try (BlockDisk disk = new BlockdevBackend().open(new BlockOpenRequest(file.toString(), "raw", false,
                        direct0))) {
                    BlockWorkload.run(disk, warmup(spec)); // JIT and the request path, like fio's ramp_time
                    long cpu0 = cpuNanos();
                    BlockWorkload.Result res = BlockWorkload.run(disk, spec);
                    long cpu = cpuNanos() - cpu0;
                    ours.add(res);
                    System.out.printf("%-14s paravane    %9.1f MB/s %9.0f IOPS  (JVM CPU %.1f us/request)%n", name,
                            res.mbPerSecond(), res.iops(), cpu / 1e3 / Math.max(1, res.ops()));
                }
                if (r % 2 == 0) {
                    runFio(file, spec, engines, direct, peers, name);
                }
            }
            BlockWorkload.Result o = median(ours);
            for (String engine : engines) {
                BlockWorkload.Result f = median(peers.get(engine));
                rows.add(String.format("%-24s %9.1f %9.0f %9.1f %9.0f %6.2f", name + " vs fio " + engine,
                        o.mbPerSecond(), o.iops(), f.mbPerSecond(), f.iops(), o.iops() / f.iops()));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.out.println("load average after: " + loadAverage());
        if (!keep) {
            Files.deleteIfExists(file);
        }
    }

    static BlockWorkload.Spec warmup(BlockWorkload.Spec spec) {
        return spec.withMillis(RAMP_MILLIS);
    }

    private static void runFio(Path file, BlockWorkload.Spec spec, List<String> engines, boolean direct,
            Map<String, List<BlockWorkload.Result>> peers, String name) throws IOException, InterruptedException {
        for (String engine : engines) {
            BlockWorkload.Result f = Fio.run(file, spec, engine, direct, RAMP_MILLIS);
            peers.get(engine).add(f);
            System.out.printf("%-14s fio %-7s %9.1f MB/s %9.0f IOPS%n", name, engine, f.mbPerSecond(), f.iops());
        }
    }

    static BlockWorkload.Result median(List<BlockWorkload.Result> results) {
        List<BlockWorkload.Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(BlockWorkload.Result::iops));
        return sorted.get(sorted.size() / 2);
    }

    /** A fully allocated file of non-zero data, so reads hit the disk and not holes. */
    static void prepare(Path file, long size) throws IOException {
        if (Files.exists(file) && Files.size(file) == size) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(MIB);
            for (long i = 0; i < MIB / 8; i++) {
                buf.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, i * 0x9E3779B97F4A7C15L);
            }
            for (long off = 0; off < size; off += MIB) {
                var bb = buf.asByteBuffer();
                while (bb.hasRemaining()) {
                    ch.write(bb, off + bb.position());
                }
            }
            ch.force(false);
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    static String fsType(Path file) {
        try {
            Process p = new ProcessBuilder("stat", "-f", "-c", "%T", file.toString()).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
