package org.paravane.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Issue 3, event send → upcall one-way latency (goal: median ≤ 5 µs), both target states in
 * one JMH run: {@code EventLatencyBenchmark.oneWayRunning} (the guest's vCPU running, the
 * goal's "between two running vCPUs") and {@code oneWay} (the guest blocked in
 * sched_op(block), so every sample includes waking it). Prints each median, p90 and p99 and
 * the ratio running / blocked. {@code --ab OLD.elf} also boots an older build of the
 * evtchn-pingpong image (it must have the spin mode) in the same run and prints new / old
 * per case; {@code --probe} adds the per-step breakdown and the guest handler's instruction
 * count (docs/benchmarks.md, event channels).
 *
 * <pre>./hv bench evlat [--iterations 5] [--seconds 2] [--warmup 3] [--ab /tmp/old.elf] [--probe]</pre>
 */
public final class EventLatencyBench {

    private EventLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = 5;
        int seconds = 2;
        int warmup = 3;
        String old = null;
        boolean probe = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--ab" -> old = args[++i];
                case "--probe" -> probe = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: evlat [--iterations N] [--seconds S] [--warmup N] [--ab OLD.elf] [--probe])");
            }
        }
        if (iterations < 1 || seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--iterations and --seconds must be at least 1, --warmup at least 0");
        }
        List<String> images = new ArrayList<>();
        images.add("evtchn-pingpong");
        if (old != null) {
            images.add(old);
        }
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(EventLatencyBenchmark.class.getName() + "\\.oneWay(Running)?$")
                .warmupIterations(warmup).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .param("image", images.toArray(String[]::new))
                .param("probe", Boolean.toString(probe));
        Collection<RunResult> results = new Runner(opts.build()).run();

        System.out.printf("%nevent one-way, dom0 send -> guest handler cleared the pending bit (goal: median <= 5 us)%n");
        System.out.printf("  %-10s %-40s %10s %10s %10s %10s%n", "target", "image", "median us", "p90 us", "p99 us",
                "samples");
        for (String image : images) {
            double running = row(results, "oneWayRunning", image, "running");
            double blocked = row(results, "oneWay", image, "blocked");
            System.out.printf("  ratio running / blocked (%s): %.2f%n", image, running / blocked);
        }
        if (old != null) {
            for (String method : List.of("oneWayRunning", "oneWay")) {
                double now = median(results, method, images.get(0));
                double before = median(results, method, old);
                System.out.printf("  %s: new image / old image = %.2f (%.2f us vs %.2f us)%n", method, now / before,
                        now, before);
            }
        }
    }

    private static double row(Collection<RunResult> results, String method, String image, String label) {
        RunResult r = find(results, method, image);
        var stats = r.getPrimaryResult().getStatistics();
        System.out.printf("  %-10s %-40s %10.2f %10.2f %10.2f %,10d%n", label, image, stats.getPercentile(50),
                stats.getPercentile(90), stats.getPercentile(99), stats.getN());
        return stats.getPercentile(50);
    }

    private static double median(Collection<RunResult> results, String method, String image) {
        return find(results, method, image).getPrimaryResult().getStatistics().getPercentile(50);
    }

    private static RunResult find(Collection<RunResult> results, String method, String image) {
        for (RunResult r : results) {
            var p = r.getParams();
            if (p.getBenchmark().endsWith("." + method) && image.equals(p.getParam("image"))) {
                return r;
            }
        }
        throw new IllegalStateException("no result for " + method + " with image " + image);
    }
}
