package org.paravane.bench;

import java.util.List;
import org.paravane.api.domain.DomainConfig;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;

/**
 * Issue 3/4, scheduler shares on real threads (the credit arithmetic itself is unit-tested
 * exactly in CreditLedgerTest): guests running {@code cpubench} with an iteration count that
 * never ends within the run, on a hypervisor with ONE scheduler thread, so the domains
 * compete for it. For each case, the host time the scheduler charged each domain
 * ({@code SchedDomain.cpuTimeNanos}) over a window of S seconds after a settling second:
 * <ul>
 * <li>{@code weights}: weight 100 vs 400: the ratio should be about 4;</li>
 * <li>{@code equal}: two of weight 256: each about 50 %;</li>
 * <li>{@code cap}: one guest capped at 20 % of a thread, alone: about 20 % of the window.</li>
 * </ul>
 * <pre>./hv bench sched [--seconds 5]</pre>
 */
public final class SchedulerShareBench {

    /** Iterations no run reaches (8 instructions each). */
    private static final String FOREVER = "cpubench 1000000000000";

    private SchedulerShareBench() {
    }

    public static void main(String[] args) {
        int seconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: sched [--seconds S])");
            }
        }
        System.out.printf("scheduler shares: 1 scheduler thread, %d s windows, %d host cores%n", seconds,
                Runtime.getRuntime().availableProcessors());
        long[] w = window(List.of(config("light", 100, 0), config("heavy", 400, 0)), seconds);
        System.out.printf("weights 100 vs 400: host time %.0f ms vs %.0f ms, ratio %.2f (ideal 4.00)%n", w[0] / 1e6,
                w[1] / 1e6, w[1] / (double) Math.max(1, w[0]));
        long[] e = window(List.of(config("a", 256, 0), config("b", 256, 0)), seconds);
        System.out.printf("equal weights: host time %.0f ms vs %.0f ms, first's share %.1f %% (ideal 50 %%)%n",
                e[0] / 1e6, e[1] / 1e6, 100.0 * e[0] / (e[0] + e[1]));
        long[] c = window(List.of(config("capped", 256, 20)), seconds);
        System.out.printf("cap 20 %%, alone: host time %.0f ms of %d s, %.1f %% of one thread (ideal 20 %%)%n",
                c[0] / 1e6, seconds, 100.0 * c[0] / (seconds * 1e9));
    }

    private static DomainConfig config(String name, int weight, int cap) {
        return new DomainConfig(name, null, 4096, 4096, 1, weight, cap);
    }

    /** Boots the guests on a fresh 1-thread hypervisor; host time of each over the window. */
    private static long[] window(List<DomainConfig> configs, int seconds) {
        try (Hypervisor hv = Guests.hypervisor(256L << 20, 1)) {
            List<Domain> ds = configs.stream().map(c -> Guests.boot(hv, c, "cpubench", FOREVER)).toList();
            Guests.sleep(1000);
            long[] before = ds.stream().mapToLong(d -> d.sched().cpuTimeNanos()).toArray();
            long t0 = System.nanoTime();
            Guests.sleep(seconds * 1000L);
            long[] used = new long[ds.size()];
            for (int i = 0; i < used.length; i++) {
                used[i] = ds.get(i).sched().cpuTimeNanos() - before[i];
            }
            long wall = System.nanoTime() - t0;
            if (Math.abs(wall - seconds * 1e9) > 0.05 * seconds * 1e9) {
                System.out.printf("  (window was %.2f s, not %d s: the host is busy)%n", wall / 1e9, seconds);
            }
            return used;
        }
    }
}
