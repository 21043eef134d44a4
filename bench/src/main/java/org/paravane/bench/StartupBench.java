package org.paravane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Daemon start to ready line, end to end: starts the exported daemon jar on a fresh
 * state directory N times, takes the time the daemon reports in its ready line (from
 * process start) and the wall time until {@code daemon.ready} appears, then stops it
 * with SIGTERM. The peer, measured in the same run, is the JVM's own floor: the same
 * java binary starting and exiting an empty main.
 *
 * <p>The daemon gets the command line {@code hv} gives it: a per-start runtime directory
 * under the state directory for the framework storage and the JVM's temp files, no
 * hsperfdata. {@code --ab} alternates that with the former command line (storage and temp
 * files in {@code /tmp}, perf data on) and prints both medians and their ratio.
 *
 * <p>Usage: {@code StartupBench --jar app/target/hypervisor.jar [--runs 7] [--ab]}
 */
public final class StartupBench {

    private static final Pattern READY = Pattern.compile("Paravane ready in (\\d+) ms");

    private StartupBench() {
    }

    /** The empty program the peer measurement runs. */
    public static final class Noop {
        public static void main(String[] args) {
            // intentionally empty: measures JVM start and exit only
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = null;
        int runs = 7;
        boolean ab = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--ab" -> ab = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar must name the daemon jar (app/target/hypervisor.jar)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        long[] reported = new long[runs];
        long[] wall = new long[runs];
        long[] floor = new long[runs];
        long[] former = new long[runs];
        for (int r = 0; r < runs; r++) {
            floor[r] = jvmFloorMillis(java);
            if (ab) {
                former[r] = daemonStart(java, jar, false)[0];
                System.out.printf("run %d: former command line (storage in /tmp): ready line %d ms%n", r + 1, former[r]);
            }
            long[] one = daemonStart(java, jar, true);
            reported[r] = one[0];
            wall[r] = one[1];
            System.out.printf("run %d: ready line %d ms, wall %d ms, JVM floor %d ms%n", r + 1, reported[r], wall[r], floor[r]);
        }
        long mr = median(reported);
        long mw = median(wall);
        long mf = median(floor);
        System.out.printf("median of %d: daemon start to ready line %d ms (wall %d ms); JVM floor %d ms; ratio %.1fx the floor%n",
                runs, mr, mw, mf, (double) mr / mf);
        if (ab) {
            long mo = median(former);
            System.out.printf("A/B: ready line median %d ms (runtime directory under the state directory) vs %d ms"
                    + " (former, /tmp); ratio %.2f%n", mr, mo, (double) mr / mo);
        }
    }

    private static long jvmFloorMillis(String java) throws IOException, InterruptedException {
        String cp = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-cp", cp, Noop.class.getName()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the JVM floor run failed");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Returns {ready-line millis, wall millis}. */
    private static long[] daemonStart(String java, Path jar, boolean runtimeDir) throws IOException, InterruptedException {
        Path state = Files.createTempDirectory("paravane-bench");
        Path ready = state.resolve("daemon.ready");
        Files.createDirectories(state.resolve("deploy"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
        if (runtimeDir) { // as hv's java_daemon_args
            Path rt = Files.createDirectories(state.resolve("runtime/bench"));
            Files.createDirectories(rt.resolve("tmp"));
            cmd.addAll(List.of("-XX:-UsePerfData", "-Dparavane.runtime=" + rt,
                    "-Dlaunch.storage.dir=" + rt.resolve("felix-cache"), "-Djava.io.tmpdir=" + rt.resolve("tmp")));
        }
        cmd.addAll(List.of("-Dparavane.state=" + state, "-Dfelix.fileinstall.dir=" + state.resolve("deploy"), "-jar",
                jar.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(state.resolve("daemon.log").toFile()).start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready) || Files.size(ready) == 0) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("daemon did not get ready; log:\n" + Files.readString(state.resolve("daemon.log")));
                }
                Thread.sleep(5);
            }
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Matcher m = READY.matcher(Files.readString(ready));
            if (!m.find()) {
                throw new IllegalStateException("no ready line in " + ready);
            }
            return new long[] {Long.parseLong(m.group(1)), wallMillis};
        } finally {
            p.destroy(); // SIGTERM: the daemon stops cleanly
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            try (var walk = Files.walk(state)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
