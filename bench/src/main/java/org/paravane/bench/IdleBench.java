package org.paravane.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.paravane.api.domain.DomainState;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;

/**
 * Issue 3, idle cost: N guests (default 1,000) each running guest/images/evtchn-pingpong.elf,
 * which allocates a port for dom0, prints it, and then blocks in sched_op(block) waiting for an
 * event dom0 never sends — a booted kernel that is idle, not a paused domain. After every guest
 * has printed its port line (and a settling pause), the driver measures this process's CPU
 * time (OperatingSystemMXBean.getProcessCpuTime) over a wall-clock window and prints it as a
 * percentage of one core. The peer is the same hypervisor with no guests, measured first
 * over the same window in the same JVM.
 *
 * <pre>./hv bench idle [--domains 1000] [--seconds 10] [--memory-kib 4096]</pre>
 */
public final class IdleBench {

    private IdleBench() {
    }

    public static void main(String[] args) {
        int domains = 1000;
        int seconds = 10;
        long kib = 4096;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--domains" -> domains = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--memory-kib" -> kib = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: idle [--domains N] [--seconds S] [--memory-kib K])");
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        try (Hypervisor hv = Guests.hypervisor((long) domains * kib * 1024 + (256L << 20), threads)) {
            double empty = cpuPercent(seconds);
            System.out.printf("no guests: %.2f %% of one core over %d s%n", empty, seconds);
            long t0 = System.nanoTime();
            List<Domain> ds = new ArrayList<>();
            Pattern ready = Pattern.compile("evtchn-pingpong: port \\d+,");
            for (int i = 0; i < domains; i++) {
                ds.add(Guests.boot(hv, "idle-" + i, "evtchn-pingpong", kib, "evtchn-pingpong 1000000"));
            }
            for (Domain d : ds) {
                Guests.awaitConsole(d, ready, 300_000);
            }
            System.out.printf("%d guests booted and blocked in %.1f s%n", domains, (System.nanoTime() - t0) / 1e9);
            Guests.sleep(2000);
            double idle = cpuPercent(seconds);
            long blocked = ds.stream().filter(d -> d.state() == DomainState.BLOCKED).count();
            System.out.printf("%d idle guests (%d in state BLOCKED): %.2f %% of one core over %d s"
                    + " (no guests: %.2f %%); %d scheduler threads%n", domains, blocked, idle, seconds, empty,
                    threads);
        }
    }

    private static double cpuPercent(int seconds) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Guests.sleep(seconds * 1000L);
        long cpu1 = os.getProcessCpuTime();
        long wall1 = System.nanoTime();
        return 100.0 * (cpu1 - cpu0) / (wall1 - wall0);
    }
}
