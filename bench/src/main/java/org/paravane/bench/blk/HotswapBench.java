package org.paravane.bench.blk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 6: hot-swap blackout under load, both paths. Runs the in-framework scenario (itest
 * {@code HotSwapUnderLoadTest}: the disktest guest on a VHD while backend-vhd is replaced by
 * {@code Bundle.update} N times, uninstalled and reinstalled once, then replaced N times
 * make-before-break by {@code hv:bundle-swap}) in a real Felix through Maven, and prints the
 * min / median / p99 of the blackout and of its parts per path, the make-before-break / update
 * ratio, and the load average before and after.
 *
 * <pre>./hv bench hotswap [--rounds N] [--ab drain|warmup|none] [--workload 'req=SIZE depth=N [mode=irq|poll|mixed]'] [--online]</pre>
 *
 * <p>{@code --rounds} is the number of swaps per path (at least 20; p99 is the nearest rank,
 * so with 20 it is the maximum). {@code --ab} chooses what the make-before-break swaps
 * compare, alternating in the same run: {@code drain} (default) parks and replays the
 * requests in flight on odd swaps and drains them on the old build on even ones (both
 * warmed up; ratio drain / park printed); {@code warmup} swaps without and with the new
 * build's warm-up (both draining); {@code none} makes every swap what {@code hv:bundle-swap} does
 * by default (warmed up, draining), so all N measure the default path. {@code --online} lets Maven download (default offline).
 * Maven's output goes to {@code itest/target/hotswap-bench-mvn.log}.
 */
public final class HotswapBench {

    private HotswapBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 20;
        boolean offline = true;
        String ab = "drain";
        String workload = "req=64K depth=4";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--online" -> offline = false;
                case "--ab" -> ab = args[++i];
                case "--workload" -> workload = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: hotswap [--rounds N] [--ab drain|warmup|none] [--workload 'req=SIZE depth=N [mode=irq|poll|mixed]'] [--online])");
            }
        }
        if (!ab.equals("drain") && !ab.equals("warmup") && !ab.equals("none")) {
            throw new IllegalArgumentException("--ab " + ab + ": drain, warmup or none");
        }
        if (rounds < 20 || rounds > 1000) {
            throw new IllegalArgumentException("--rounds " + rounds + ": 20..1000 swaps per path");
        }
        Path root = Path.of(System.getProperty("paravane.root", ".")).toAbsolutePath().normalize();
        Path result = root.resolve("itest/target/hotswap-blackouts.txt");
        Path log = root.resolve("itest/target/hotswap-bench-mvn.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(result);

        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-Dstyle.color=never"));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(List.of("verify", "-pl", "itest", "-am", "-Dtest=org.paravane.itest.HotSwapUnderLoadTest",
                "-Dsurefire.failIfNoSpecifiedTests=false"));
        System.out.printf("hotswap: %d swaps per path; %s (PARAVANE_HOTSWAP_ROUNDS=%d PARAVANE_HOTSWAP_AB=%s"
                + " PARAVANE_HOTSWAP_WORKLOAD='%s')%n", rounds, String.join(" ", cmd), rounds, ab, workload);
        String loadBefore = loadavg();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("PARAVANE_HOTSWAP_ROUNDS", Integer.toString(rounds));
        pb.environment().put("PARAVANE_HOTSWAP_AB", ab);
        pb.environment().put("PARAVANE_HOTSWAP_WORKLOAD", workload);
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        String loadAfter = loadavg();
        System.out.printf("load average before: %s; after: %s; Maven run %d s (log %s)%n", loadBefore, loadAfter,
                seconds, log);
        if (rc != 0 || !Files.isRegularFile(result)) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            throw new IllegalStateException("the hot-swap scenario failed (Maven exit " + rc + "); see " + log);
        }
        // the summary lines (per path: blackout and its parts), the ratio, and the header
        for (String line : Files.readAllLines(result, StandardCharsets.UTF_8)) {
            if (!line.isEmpty() && !Character.isDigit(line.charAt(0)) && !line.startsWith("# swap kind")) {
                System.out.println(line);
            }
        }
        System.out.println("per-swap rows: " + result);
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
