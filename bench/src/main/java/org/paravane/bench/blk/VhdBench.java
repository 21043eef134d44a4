package org.paravane.bench.blk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.backend.vhd.VhdBackend;

/**
 * Issue 6: the VHD backend against {@code qemu-img bench -f vpc} on the same image, same
 * operation, request size, queue depth and request count, both through the host page cache
 * ({@code -t writeback}: the VHD backend uses buffered I/O). qemu-img bench issues
 * sequential requests (step = request size, wrapping at the end); {@link BlockWorkload} in
 * sequential mode does the same.
 *
 * <pre>./hv bench vhd [--dir /var/tmp] [--size-mib 256] [--req 4096,1048576] [--qd 16]
 *     [--rounds 3] [--cases read,write,overwrite] [--threads 1,4] [--split-kib 0]
 *     [--warmup-ms 2000] [--min-ops 4096]</pre>
 *
 * <p>Images, all dynamic VHDs made by qemu-img with {@code force_size=on} and 2 MiB blocks:
 * reads and overwrites use a <b>fully allocated</b> image ({@code qemu-img convert} of a
 * file of non-zero data, so every block is in the BAT); first-touch writes ({@code write})
 * use a <b>fresh</b> empty image per run, so every block is allocated during the run. The
 * fully allocated image is {@code fsync}ed after it is made, so no writeback of it runs
 * during the rounds. The count of a first-touch write run is one pass (image size over
 * request size); reads and overwrites run whole passes, at least {@code --min-ops}
 * requests (a single pass of 1 MiB requests over 256 MiB is 256 requests, ~20 ms: too
 * short to measure on a shared machine). Alternating order, medians of {@code --rounds};
 * ratio = Paravane ops/s / qemu-img ops/s.
 *
 * <p>JIT warm-up (not measured), per request size and variant: reads and overwrites for
 * {@code --warmup-ms} each, then one first-touch write pass. One pass of 1 MiB reads (the
 * warm-up before this existed) left C2 compiling the read path during the measured rounds,
 * on the same two cores ({@code --warmup-ms 0} restores that: one pass each).
 *
 * <p>A/B of the disk's read model in the same run: every (read threads, split) variant of
 * {@code --threads} x {@code --split-kib} (threads 1 = the single serial I/O thread; split 0
 * = no splitting of a read over idle threads) is a Paravane column of its own, interleaved
 * with qemu-img in each round, each with its ratio to qemu-img. CPU time per request is
 * printed next to the rates (Paravane: this JVM's process CPU time over the run, JIT and GC
 * included; qemu-img: user + system time of the whole process from {@code /usr/bin/time},
 * start-up included), a figure that depends much less on other load than the rates do.
 */
public final class VhdBench {

    private static final int MIB = 1 << 20;
    private static final Pattern COMPLETED = Pattern.compile("Run completed in ([0-9.]+) seconds");
    /** CPU seconds of the qemu-img process, printed by {@code /usr/bin/time -f}. */
    private static final Pattern QEMU_CPU = Pattern.compile("PVCPU ([0-9.]+) ([0-9.]+)");
    private static final Path TIME = Path.of("/usr/bin/time");

    private VhdBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/var/tmp");
        long sizeMib = 256;
        List<Integer> reqs = List.of(4096, MIB);
        int qd = 16;
        int rounds = 3;
        List<String> cases = List.of("read", "write", "overwrite");
        List<Integer> threads = List.of(1, org.paravane.backend.vhd.VhdBlockDisk.DEFAULT_READ_THREADS);
        List<Integer> splits = List.of(VhdBackend.DEFAULT_READ_SPLIT_KIB);
        long warmupMs = 2000;
        long minOps = 4096;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--size-mib" -> sizeMib = Long.parseLong(args[++i]);
                case "--req" -> reqs = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--qd" -> qd = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--cases" -> cases = List.of(args[++i].split(","));
                case "--threads" -> threads = ints(args[++i]);
                case "--split-kib" -> splits = ints(args[++i]);
                case "--warmup-ms" -> warmupMs = Long.parseLong(args[++i]);
                case "--min-ops" -> minOps = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (usage: vhd [--dir D]"
                        + " [--size-mib N] [--req 4096,1048576] [--qd N] [--rounds N] [--cases read,write,overwrite]"
                        + " [--threads 1,4] [--split-kib 0,256] [--warmup-ms N] [--min-ops N])");
            }
        }
        List<Variant> variants = new ArrayList<>();
        for (int t : threads) {
            for (int k : splits) {
                Variant v = new Variant(t, t == 1 ? 0 : k);
                if (!variants.contains(v)) {
                    variants.add(v);
                }
            }
        }
        long size = sizeMib * MIB;
        Path raw = dir.resolve("paravane-vhdbench.raw");
        Path full = dir.resolve("paravane-vhdbench-full.vhd");
        Path fresh = dir.resolve("paravane-vhdbench-fresh.vhd");
        BlockdevBench.prepare(raw, size);
        Files.deleteIfExists(full);
        exec("qemu-img", "convert", "-f", "raw", "-O", "vpc", "-o", "subformat=dynamic,force_size=on",
                raw.toString(), full.toString());
        Files.deleteIfExists(raw);
        writeBack(full);
        System.out.printf("dynamic VHD %d MiB in %s (fs %s), queue depth %d, %s%n", sizeMib, dir,
                BlockdevBench.fsType(dir), qd, exec("qemu-img", "--version").lines().findFirst().orElse(""));
        System.out.println("load average before: " + BlockdevBench.loadAverage() + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.printf("warm-up %d ms per case and variant, at least %d requests per read/overwrite run%n",
                warmupMs, minOps);
        // JIT warm-up (not measured): reads and overwrites for warmupMs each (one pass each
        // if 0), then a first-touch write pass
        for (int req : reqs) {
            for (Variant v : variants) {
                run(full, v, false, req, qd, warmupMs > 0 ? Long.MAX_VALUE : size / req, warmupMs);
                if (cases.contains("overwrite")) {
                    run(full, v, true, req, qd, warmupMs > 0 ? Long.MAX_VALUE : size / req, warmupMs);
                }
                freshImage(fresh, size);
                run(fresh, v, true, req, qd, size / req, 0);
            }
        }
        writeBack(full); // the overwrite warm-up dirtied it
        List<String> rows = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format("%-16s %8s %9s %11s", "case", "req", "count",
                "qemu-img/s"));
        for (Variant v : variants) {
            head.append(String.format(" %14s %6s", v + "/s", "ratio"));
        }
        rows.add(head.toString());
        for (String c : cases) {
            boolean write = !c.equals("read");
            for (int req : reqs) {
                long pass = size / req;
                long count = c.equals("write") ? pass : Math.max(1, (minOps + pass - 1) / pass) * pass;
                Path image = c.equals("write") ? fresh : full;
                List<List<Double>> ours = new ArrayList<>();
                List<List<Double>> ourCpu = new ArrayList<>();
                variants.forEach(v -> {
                    ours.add(new ArrayList<>());
                    ourCpu.add(new ArrayList<>());
                });
                List<Double> theirs = new ArrayList<>();
                List<Double> theirCpu = new ArrayList<>();
                int sides = variants.size() + 1;
                for (int r = 0; r < rounds; r++) {
                    for (int k = 0; k < sides; k++) {
                        // rotate the order each round: side (sides - 1) is qemu-img
                        int side = (k + r) % sides;
                        boolean paravane = side < variants.size();
                        if (c.equals("write")) {
                            freshImage(fresh, size);
                        }
                        double[] m = paravane ? run(image, variants.get(side), write, req, qd, count, 0)
                                : qemuImgBench(image, write, req, qd, count);
                        (paravane ? ours.get(side) : theirs).add(m[0]);
                        if (m[1] >= 0) {
                            (paravane ? ourCpu.get(side) : theirCpu).add(m[1]);
                        }
                        System.out.printf("%-10s %8d %-24s %10.0f ops/s %8.1f CPU us/op%n", c, req,
                                paravane ? variants.get(side).toString() : "qemu-img", m[0], m[1]);
                    }
                }
                double q = median(theirs);
                StringBuilder row = new StringBuilder(String.format("%-16s %8d %9d %11.0f", c
                        + (c.equals("write") ? " (fresh)" : " (full)"), req, count, q));
                for (List<Double> o : ours) {
                    row.append(String.format(" %14.0f %6.2f", median(o), median(o) / q));
                }
                rows.add(row.toString());
                StringBuilder cpuRow = new StringBuilder(String.format("%-16s %8s %9s %11s", "  CPU us/op", "",
                        "", theirCpu.isEmpty() ? "-" : String.format("%.1f", median(theirCpu))));
                for (List<Double> o : ourCpu) {
                    cpuRow.append(String.format(" %14.1f %6s", median(o), ""));
                }
                rows.add(cpuRow.toString());
            }
        }
        System.out.println();
        System.out.println("medians of " + rounds + " (ops/s; ratio = paravane / qemu-img)");
        rows.forEach(System.out::println);
        System.out.println("load average after: " + BlockdevBench.loadAverage());
        Files.deleteIfExists(full);
        Files.deleteIfExists(fresh);
    }

    /** fsync: no writeback of this image runs during the measured rounds (the same page-cache state for both sides). */
    private static void writeBack(Path image) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void freshImage(Path fresh, long size) throws IOException, InterruptedException {
        Files.deleteIfExists(fresh);
        exec("qemu-img", "create", "-q", "-f", "vpc", "-o", "subformat=dynamic,force_size=on", fresh.toString(),
                Long.toString(size));
    }

    /** One Paravane configuration: read threads per disk and the smallest split piece. */
    private record Variant(int threads, int splitKib) {
        @Override
        public String toString() {
            return "paravane t" + threads + (threads > 1 ? (splitKib > 0 ? " s" + splitKib : " nosplit") : "");
        }
    }

    private static List<Integer> ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    /**
     * The VHD backend: {@code count} sequential requests with {@code qd} in flight, or as many
     * as fit in {@code millis} if that is positive; ops/s and CPU us/op.
     */
    private static double[] run(Path image, Variant v, boolean write, int req, int qd, long count, long millis)
            throws Exception {
        long cpu0 = BlockdevBench.cpuNanos();
        try (BlockDisk disk = new VhdBackend().open(new BlockOpenRequest(image.toString(), VhdBackend.FORMAT, false,
                Map.of(VhdBackend.OPTION_READ_THREADS, Integer.toString(v.threads()),
                        VhdBackend.OPTION_READ_SPLIT_KIB, Integer.toString(v.splitKib()))))) {
            long region = disk.sectors() * disk.sectorSize();
            BlockWorkload.Result res = BlockWorkload.run(disk, new BlockWorkload.Spec(write ? BlockWorkload.Op.WRITE
                    : BlockWorkload.Op.READ, false, req, qd, region, millis > 0 ? millis : 24L * 3600 * 1000), count);
            if (millis > 0) {
                count = Math.max(1, res.ops());
            } else if (res.ops() != count) {
                throw new IllegalStateException("completed " + res.ops() + " of " + count + " requests");
            }
            return new double[] {res.iops(), (BlockdevBench.cpuNanos() - cpu0) / 1e3 / count};
        }
    }

    /**
     * qemu-img bench with the same parameters; ops/s from its "Run completed in" line, CPU
     * us/op from {@code /usr/bin/time} (-1 when it is not installed).
     */
    private static double[] qemuImgBench(Path image, boolean write, int req, int qd, long count)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        boolean timed = Files.isExecutable(TIME);
        if (timed) {
            cmd.addAll(List.of(TIME.toString(), "-f", "PVCPU %U %S"));
        }
        cmd.addAll(List.of("qemu-img", "bench", "-f", "vpc", "-t", "writeback", "-c",
                Long.toString(count), "-d", Integer.toString(qd), "-s", Integer.toString(req)));
        if (write) {
            cmd.addAll(List.of("-w", "--pattern=90"));
        }
        cmd.add(image.toString());
        String out = exec(cmd.toArray(String[]::new));
        Matcher m = COMPLETED.matcher(out);
        if (!m.find()) {
            throw new IOException("no 'Run completed' line from " + String.join(" ", cmd) + ": " + out);
        }
        double cpu = -1;
        Matcher t = QEMU_CPU.matcher(out);
        if (timed && t.find()) {
            cpu = (Double.parseDouble(t.group(1)) + Double.parseDouble(t.group(2))) * 1e6 / count;
        }
        return new double[] {count / Double.parseDouble(m.group(1)), cpu};
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return out;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
