package org.paravane.bench.blk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.api.config.DiskFormat;
import org.paravane.backend.blockdev.BlockdevBackend;
import org.paravane.backend.blockdev.RawBlockDisk;
import org.paravane.core.blkback.VbdDevice;
import org.paravane.core.blkfront.BlkFront;
import org.paravane.core.blkif.FastPath;

/**
 * Issue 6: dom0's Java blkfront → the ring in granted pages → blkback → backend-blockdev on
 * a file, against fio on the same file in the same run, with the raw backend's {@link
 * BlockDisk} used directly as a third column so the cost of the ring path is visible.
 *
 * <pre>./hv bench blkfront [--file /var/tmp/paravane-blkfront.img] [--size-mib 1024]
 *     [--seconds 5] [--qd 16] [--direct true|false] [--engines psync,libaio]
 *     [--cases read,write,randread,randwrite] [--rounds 3] [--ring-order 0] [--fastpath off,device,io]
 *     [--buffers plain,huge] [--stage-ab] [--parallel-ab] [--aio-ab] [--keep]</pre>
 *
 * <p>{@code --buffers}: every case runs once per listed kind of buffer memory, on every side
 * alike. {@code plain}: ordinary native memory (fio: malloc). {@code huge} (rows marked {@code
 * thp}): transparent huge pages ({@link BlockWorkload.Spec#hugeBuffers}; fio with glibc's
 * {@link Fio#HUGE_MALLOC}). It matters for large O_DIRECT requests: the kernel splits a
 * request whose buffer has more scattered pages than the device takes segments.
 *
 * <p>A/B of the fast path ({@code core.blkif.FastPath}): one device per listed mode is
 * attached on the same file (xvdb, xvdc, xvdd), each made with {@code paravane.blk.fastpath}
 * set to its mode ({@code off}: every completion through blkback's device thread, every
 * event through dom0's dispatch thread; {@code device}: events between blkfront and blkback
 * on the sending thread; {@code io}: completions on the backend's I/O thread too); all are
 * measured in every round, in rotating order, next to the direct disk and fio. {@code
 * --merge-iovec-ab} adds a device in mode {@code device} whose raw disk does not merge
 * pieces adjacent in memory into one iovec entry ({@code paravane.blockdev.merge-iovec=false}).
 * {@code --merge-ab} adds a device in the first listed mode ({@code MODE-nomerge}) and a
 * direct disk ({@code direct-nomerge}) whose raw disks serve every request with its own
 * system call ({@code paravane.blockdev.merge-requests=false}): the A/B of merging queued
 * requests that continue each other on the disk. {@code --io-threads 1,2,4} adds one device
 * per count ({@code MODE-tN}, {@code paravane.blockdev.io-threads=N}: a merged batch served
 * by at most N system calls at once). {@code --merge-max-kib 2048,8192} adds one device per
 * size ({@code MODE-mN}, {@code paravane.blockdev.merge-max-kib=N}: merged calls and batches of
 * at most N KiB). {@code --io-inline-ab} adds a device in mode {@code io}
 * that completes every request on the backend's I/O thread ({@code io-inline-all}, {@code
 * paravane.blk.fastpath.io-max-pages=-1}; by default requests over 16 pages go through the
 * device thread). {@code --stage-ab} adds a device in the first listed mode ({@code
 * MODE-nostage}) and a direct disk ({@code direct-nostage}) without the raw backend's
 * huge-page staging of large O_DIRECT transfers ({@code paravane.blockdev.stage-min-kib=0}).
 * {@code --parallel-ab} adds {@code MODE-serial} and {@code direct-serial}, whose raw disks
 * serve queued random requests one at a time ({@code paravane.blockdev.parallel-requests=1}).
 * {@code --aio-ab} adds {@code MODE-noaio} and {@code direct-noaio}, whose raw disks serve those
 * requests on helper threads instead of through Linux AIO ({@code paravane.blockdev.aio=false}).
 * The {@code direct} column keeps the defaults. Every phase's line ends with the average
 * device request size, time and depth ({@link DeviceStats}); a ring side's line then gives its
 * hand-offs: completions and frontend kicks that went through blkback's device thread instead
 * of running inline ({@code VbdDevice.deviceThreadCompletions}, {@code deviceThreadKicks}).
 *
 * <p>The core runs in this JVM without OSGi ({@link BlkCore}); the disk is attached to dom0
 * with {@code VbdManager.attach(0, spec)} (option {@code direct-io} reaches the raw backend)
 * and {@code localDisk(devid)} is the {@link BlkFront}. Same method as {@code blockdev}
 * (JIT warm-up, 1 s ramp per run, alternating order, medians of {@code --rounds}).
 */
public final class BlkfrontBench {

    private static final int MIB = 1 << 20;
    /** The file's block device, for each phase's average request size (null where unknown). */
    private static DeviceStats device;
    /** The blkback device behind each measured ring side, for its hand-off counters. */
    private static final Map<BlockDisk, VbdDevice> RING_DEVICES = new java.util.HashMap<>();

    private BlkfrontBench() {
    }

    public static void main(String[] args) throws Exception {
        // This driver's own options first; the rest are the disk drivers' shared ones.
        List<String> modes = List.of("off", "io");
        boolean mergeAb = false;
        boolean mergeRequestsAb = false;
        List<String> ioThreads = List.of();
        List<String> mergeMaxKib = List.of();
        boolean ioInlineAb = false;
        boolean stageAb = false;
        boolean parallelAb = false;
        boolean aioAb = false;
        List<Boolean> hugeBuffers = List.of(false, true);
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fastpath" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--fastpath needs a list of off, device, io");
                    }
                    modes = List.of(args[++i].split(","));
                }
                case "--merge-iovec-ab" -> mergeAb = true;
                case "--merge-ab" -> mergeRequestsAb = true;
                case "--io-inline-ab" -> ioInlineAb = true;
                case "--stage-ab" -> stageAb = true;
                case "--parallel-ab" -> parallelAb = true;
                case "--aio-ab" -> aioAb = true;
                case "--buffers" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--buffers needs a list of plain, huge");
                    }
                    hugeBuffers = new ArrayList<>();
                    for (String b : args[++i].split(",")) {
                        switch (b) {
                            case "plain" -> hugeBuffers.add(false);
                            case "huge" -> hugeBuffers.add(true);
                            default -> throw new IllegalArgumentException("--buffers takes plain, huge, not " + b);
                        }
                    }
                }
                case "--merge-max-kib" -> mergeMaxKib = numbers(args, ++i, "--merge-max-kib", "sizes in KiB, e.g. 2048,8192");
                case "--io-threads" -> ioThreads = numbers(args, ++i, "--io-threads", "counts, e.g. 1,2,4");
                default -> rest.add(args[i]);
            }
        }
        DiskBenchArgs a = DiskBenchArgs.parse("blkfront [--fastpath off,device,io] [--buffers plain,huge] [--merge-iovec-ab] [--merge-ab]"
                + " [--io-threads 1,2,4] [--merge-max-kib 2048,8192] [--io-inline-ab] [--stage-ab] [--parallel-ab] [--aio-ab]",
                Path.of("/var/tmp/paravane-blkfront.img"), true, rest.toArray(String[]::new));
        Path file = a.file();
        long sizeMib = a.sizeMib();
        int seconds = a.seconds();
        int qd = a.qd();
        int rounds = a.rounds();
        int ringOrder = a.ringOrder();
        List<String> cases = a.cases();
        boolean direct = a.direct();
        boolean keep = a.keep();
        List<String> engines = a.engines();
        if (!Fio.available()) {
            throw new IllegalStateException("fio is not installed (apt-get install fio)");
        }
        long size = sizeMib * MIB;
        BlockdevBench.prepare(file, size);
        device = DeviceStats.forFile(file);
        System.out.printf("file %s, %d MiB, %s, queue depth %d, ring order %d, %d s per run, fs %s%n", file, sizeMib,
                direct ? "O_DIRECT" : "buffered", qd, ringOrder, seconds, BlockdevBench.fsType(file));
        System.out.println("load average before: " + BlockdevBench.loadAverage() + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        Map<String, String> options = Map.of(BlockdevBackend.OPTION_DIRECT_IO, Boolean.toString(direct));
        List<BlockWorkload.Spec> specs = new ArrayList<>();
        for (BlockWorkload.Spec s : List.of(
                new BlockWorkload.Spec(BlockWorkload.Op.READ, false, MIB, qd, size, seconds * 1000L),
                new BlockWorkload.Spec(BlockWorkload.Op.WRITE, false, MIB, qd, size, seconds * 1000L),
                new BlockWorkload.Spec(BlockWorkload.Op.READ, true, 4096, qd, size, seconds * 1000L),
                new BlockWorkload.Spec(BlockWorkload.Op.WRITE, true, 4096, qd, size, seconds * 1000L))) {
            hugeBuffers.forEach(h -> specs.add(s.withHugeBuffers(h)));
        }
        for (String m : modes) {
            if (!List.of("off", "device", "io").contains(m)) {
                throw new IllegalArgumentException("--fastpath takes off, device, io (comma-separated), not " + m);
            }
        }
        List<String> rows = new ArrayList<>();
        try (BlkCore core = new BlkCore()) {
            // label -> (devid, disk); the property is read when each device and frontend is made
            Map<String, BlockDisk> sides = new LinkedHashMap<>();
            List<Integer> devids = new ArrayList<>();
            char[] letter = {'b'};
            // one device under the given system properties, set while it and its frontend are made
            SideAttacher attach = (label, properties) -> withProperties(properties, () -> {
                int devid = BlkCore.devid(letter[0]);
                core.manager.attach(0, BlkCore.spec(file, DiskFormat.RAW, letter[0], options),
                        new BlkFront.Options(ringOrder, 256, Duration.ofSeconds(10)));
                devids.add(devid);
                BlockDisk front = core.manager.localDisk(devid).orElseThrow();
                sides.put(label, front);
                RING_DEVICES.put(front, core.manager.device(0, devid).orElseThrow());
                letter[0]++;
                return null;
            });
            for (String mode : modes) {
                attach.attach("fast-" + mode, Map.of(FastPath.PROPERTY, mode));
            }
            if (mergeAb) {
                // one more device, fast path "io", whose raw disk does not merge adjacent pieces
                attach.attach("dev-nomerge", Map.of(FastPath.PROPERTY, "io", RawBlockDisk.MERGE_IOVEC_PROPERTY, "false"));
            }
            // A/B pairs: the same ring path and a direct disk, each with one raw-backend property set
            List<BlockDisk> pairedDirects = new ArrayList<>();
            String firstMode = modes.getFirst();
            SidePair pair = (suffix, property, value) -> {
                attach.attach(firstMode + "-" + suffix, Map.of(FastPath.PROPERTY, firstMode, property, value));
                BlockDisk d = withProperties(Map.of(property, value), () -> open(file, options));
                pairedDirects.add(d);
                sides.put("direct-" + suffix, d);
            };
            if (mergeRequestsAb) {
                pair.add("nomerge", RawBlockDisk.MERGE_REQUESTS_PROPERTY, "false"); // each request its own call
            }
            for (String n : mergeMaxKib) {
                // merged calls and batches of at most n KiB
                attach.attach(modes.getFirst() + "-m" + n,
                        Map.of(FastPath.PROPERTY, modes.getFirst(), RawBlockDisk.MERGE_MAX_KIB_PROPERTY, n));
            }
            for (String n : ioThreads) {
                // merged, each batch served by at most n system calls at once
                attach.attach(modes.getFirst() + "-t" + n,
                        Map.of(FastPath.PROPERTY, modes.getFirst(), RawBlockDisk.IO_THREADS_PROPERTY, n));
            }
            if (stageAb) {
                pair.add("nostage", RawBlockDisk.STAGE_MIN_KIB_PROPERTY, "0"); // no huge-page staging
            }
            if (parallelAb) {
                pair.add("serial", RawBlockDisk.PARALLEL_REQUESTS_PROPERTY, "1"); // random requests one at a time
            }
            if (aioAb) {
                pair.add("noaio", RawBlockDisk.AIO_PROPERTY, "false"); // parallel sets on helper threads
            }
            if (ioInlineAb) {
                // mode io with every completion on the I/O thread, whatever the request size
                attach.attach("io-inline-all", Map.of(FastPath.PROPERTY, "io", FastPath.IO_MAX_PAGES_PROPERTY, "-1"));
            }
            // JIT warm-up of both request paths (not measured)
            for (BlockDisk front : sides.values()) {
                for (BlockWorkload.Op op : BlockWorkload.Op.values()) {
                    BlockWorkload.run(front, new BlockWorkload.Spec(op, true, 4096, qd, size, 2000));
                    BlockWorkload.run(front, new BlockWorkload.Spec(op, false, MIB, qd, size, 2000));
                }
            }
            try (BlockDisk raw = open(file, options)) {
                BlockWorkload.run(raw, new BlockWorkload.Spec(BlockWorkload.Op.READ, true, 4096, qd, size, 2000));
                BlockWorkload.run(raw, new BlockWorkload.Spec(BlockWorkload.Op.READ, false, MIB, qd, size, 2000));
            }
            rows.add(String.format("%-14s %-14s %9s %8s | %9s %8s | %-10s %9s %8s | %6s %6s %6s", "case", "blkfront",
                    "MB/s", "IOPS", "direct", "IOPS", "fio", "MB/s", "IOPS", "ratio", "paired", "front/direct"));
            for (BlockWorkload.Spec spec : specs) {
                if (!cases.contains(spec.fioRw())) {
                    continue;
                }
                String name = spec.fioRw() + " " + (spec.blockBytes() >= MIB ? spec.blockBytes() / MIB + "M"
                        : spec.blockBytes() / 1024 + "k") + (spec.hugeBuffers() ? " thp" : "");
                Map<String, List<BlockWorkload.Result>> fronts = new LinkedHashMap<>();
                sides.keySet().forEach(k -> fronts.put(k, new ArrayList<>()));
                List<BlockWorkload.Result> directs = new ArrayList<>();
                Map<String, List<BlockWorkload.Result>> peers = new LinkedHashMap<>();
                engines.forEach(e -> peers.put(e, new ArrayList<>()));
                for (int r = 0; r < rounds; r++) {
                    if (r % 2 == 1) {
                        fio(file, spec, engines, direct, peers, name);
                    }
                    List<String> order = new ArrayList<>(sides.keySet());
                    java.util.Collections.rotate(order, r);
                    for (String side : order) {
                        fronts.get(side).add(measure(sides.get(side), spec, name, side));
                    }
                    try (BlockDisk raw = open(file, options)) {
                        directs.add(measure(raw, spec, name, "direct"));
                    }
                    if (r % 2 == 0) {
                        fio(file, spec, engines, direct, peers, name);
                    }
                }
                BlockWorkload.Result d = BlockdevBench.median(directs);
                for (String side : sides.keySet()) {
                    BlockWorkload.Result f = BlockdevBench.median(fronts.get(side));
                    for (String engine : engines) {
                        BlockWorkload.Result p = BlockdevBench.median(peers.get(engine));
                        rows.add(String.format("%-14s %-14s %9.1f %8.0f | %9.1f %8.0f | %-10s %9.1f %8.0f | %6.2f %6.2f %6.2f",
                                name, side, f.mbPerSecond(), f.iops(), d.mbPerSecond(), d.iops(),
                                engine + (engine.equals("psync") ? "" : " qd" + qd), p.mbPerSecond(), p.iops(),
                                f.iops() / p.iops(), pairedRatio(fronts.get(side), peers.get(engine)),
                                f.iops() / d.iops()));
                    }
                }
            }
            for (int devid : devids) {
                core.manager.detach(0, devid);
            }
            for (BlockDisk d : pairedDirects) {
                d.close();
            }
        }
        System.out.println();
        System.out.println("medians of " + rounds + " (MB = 10^6 bytes; ratio = blkfront IOPS / fio IOPS, of the medians;"
                + " paired = median over rounds of blkfront / fio of the same round, next to each other in time)");
        rows.forEach(System.out::println);
        System.out.println("load average after: " + BlockdevBench.loadAverage());
        if (!keep) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The median of each round's blkfront IOPS over the same round's fio IOPS. The disk's own
     * rate drifts from minute to minute; fio runs right before or after the ring sides of its
     * round, so a paired ratio cancels the drift that a ratio of two medians keeps.
     */
    static double pairedRatio(List<BlockWorkload.Result> fronts, List<BlockWorkload.Result> peers) {
        int n = Math.min(fronts.size(), peers.size());
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = fronts.get(i).iops() / peers.get(i).iops();
        }
        java.util.Arrays.sort(r);
        return n == 0 ? Double.NaN : n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }

    /** {@code args[i]} as a comma-separated list of whole numbers (kept as text: they become property values). */
    private static List<String> numbers(String[] args, int i, String option, String what) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a list of " + what);
        }
        List<String> list = List.of(args[i].split(","));
        for (String n : list) {
            try {
                Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes " + what + ", not '" + n + "'", e);
            }
        }
        return list;
    }

    private static BlockDisk open(Path file, Map<String, String> options) throws Exception {
        return new BlockdevBackend().open(new BlockOpenRequest(file.toString(), BlockdevBackend.FORMAT, false,
                options));
    }

    /** Completions and kicks that went through {@code vbd}'s device thread so far (0 without a ring). */
    private static long handOffs(VbdDevice vbd) {
        return vbd == null ? 0 : vbd.deviceThreadCompletions() + vbd.deviceThreadKicks();
    }

    private static BlockWorkload.Result measure(BlockDisk disk, BlockWorkload.Spec spec, String name, String who)
            throws Exception {
        BlockWorkload.run(disk, BlockdevBench.warmup(spec));
        VbdDevice vbd = RING_DEVICES.get(disk);
        long handOffs0 = handOffs(vbd);
        long cpu0 = BlockdevBench.cpuNanos();
        long[] dev0 = DeviceStats.sample(device);
        BlockWorkload.Result res = BlockWorkload.run(disk, spec);
        long cpu = BlockdevBench.cpuNanos() - cpu0;
        // ring sides: completions and kicks that went through blkback's device thread (fast path missed)
        String handOffs = vbd == null ? "" : "  hand-offs " + (handOffs(vbd) - handOffs0);
        System.out.printf("%-14s %-12s %9.1f MB/s %9.0f IOPS  (JVM CPU %.1f us/request)%s%s%n", name, who,
                res.mbPerSecond(), res.iops(), cpu / 1e3 / Math.max(1, res.ops()), DeviceStats.phase(device, dev0),
                handOffs);
        return res;
    }

    private static void fio(Path file, BlockWorkload.Spec spec, List<String> engines, boolean direct,
            Map<String, List<BlockWorkload.Result>> peers, String name) throws Exception {
        for (String engine : engines) {
            long[] dev0 = DeviceStats.sample(device);
            BlockWorkload.Result f = Fio.run(file, spec, engine, direct, BlockdevBench.RAMP_MILLIS);
            peers.get(engine).add(f);
            System.out.printf("%-14s fio %-8s %9.1f MB/s %9.0f IOPS%s%n", name, engine, f.mbPerSecond(), f.iops(),
                    DeviceStats.phase(device, dev0));
        }
    }

    /** Attaches a ring device and opens a direct disk, both with {@code property=value}. */
    @FunctionalInterface
    private interface SidePair {
        void add(String suffix, String property, String value) throws Exception;
    }

    /** Attaches one measured device under {@code properties} (see {@link #withProperties}). */
    @FunctionalInterface
    private interface SideAttacher {
        void attach(String label, Map<String, String> properties) throws Exception;
    }

    /**
     * Runs {@code body} with {@code properties} set, then restores each one's earlier value:
     * blkback and the raw backend read them when a device or disk is made.
     */
    private static <T> T withProperties(Map<String, String> properties, java.util.concurrent.Callable<T> body)
            throws Exception {
        Map<String, String> earlier = new java.util.HashMap<>();
        properties.forEach((k, v) -> earlier.put(k, System.getProperty(k)));
        properties.forEach(System::setProperty);
        try {
            return body.call();
        } finally {
            earlier.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
