package org.paravane.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cold first guest of a fresh JVM, A/B: the daemon's core warm-up
 * ({@link org.paravane.core.hv.CoreWarmUp}, run once the daemon is ready) against none.
 * A cold figure exists once per JVM, so each sample is a new JVM running
 * {@code BootLatencyBench --cold-only}, with or without {@code --no-core-warmup}, the two
 * kinds alternating so that both see the same machine load. Both do the engine warm-up,
 * as the daemon does. Prints each pair, the medians, and the ratio warm-up / none.
 *
 * <pre>./hv bench coldboot [--pairs 6]</pre>
 */
public final class ColdBootBench {

    private static final Pattern COLD = Pattern.compile(
            "cold \\(first run in this JVM\\): create call → first console byte ([0-9.]+) ms \\(of which create ([0-9.]+) ms\\)");

    private record Cold(double totalMs, double createMs) {
    }

    private ColdBootBench() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = 6;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (usage: coldboot [--pairs N])");
            }
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("--pairs must be ≥ 1");
        }
        System.out.printf(Locale.ROOT, "cold first guest, %d fresh JVMs per kind, alternating; load %s%n", pairs,
                loadAverage());
        double[] withTotal = new double[pairs];
        double[] withCreate = new double[pairs];
        double[] noneTotal = new double[pairs];
        double[] noneCreate = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            // alternate which kind goes first, so neither always follows the other
            Cold a;
            Cold b;
            if (p % 2 == 0) {
                a = coldRun(true);
                b = coldRun(false);
            } else {
                b = coldRun(false);
                a = coldRun(true);
            }
            withTotal[p] = a.totalMs();
            withCreate[p] = a.createMs();
            noneTotal[p] = b.totalMs();
            noneCreate[p] = b.createMs();
            System.out.printf(Locale.ROOT, "pair %d: core warm-up %.1f ms (create %.1f ms), none %.1f ms (create %.1f ms)%n",
                    p + 1, a.totalMs(), a.createMs(), b.totalMs(), b.createMs());
        }
        double w = median(withTotal);
        double n = median(noneTotal);
        System.out.printf(Locale.ROOT, "median create call → first console byte: core warm-up %.1f ms (create %.1f ms),"
                + " none %.1f ms (create %.1f ms); ratio warm-up/none %.2f; load %s%n", w, median(withCreate), n,
                median(noneCreate), w / n, loadAverage());
    }

    private static Cold coldRun(boolean coreWarmUp) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BootLatencyBench.class.getName(),
                "--cold-only"));
        if (!coreWarmUp) {
            cmd.add("--no-core-warmup");
        }
        Path out = Files.createTempFile("coldboot", ".txt");
        try {
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            int rc = proc.waitFor();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Matcher m = COLD.matcher(text);
            if (rc != 0 || !m.find()) {
                throw new IllegalStateException("BootLatencyBench --cold-only failed (exit " + rc + "):\n" + text);
            }
            return new Cold(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
