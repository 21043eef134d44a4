package org.paravane.bench;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;

/**
 * Issue 3, event latency between two guests: two domUs running guest/images/evtchn-pingpong
 * on the RISC-V engine and the credit scheduler (2 scheduler threads). A allocates a port for
 * B ({@code evtchn-pingpong R B}); B binds to it and sends first ({@code evtchn-pingpong
 * connect A PORT R}); each answers every event with one, R round trips, the first half
 * delivered by upcall (port unmasked, the waiting vCPU blocked in sched_op(block)), the second
 * half by polling (port masked, sched_op(poll)); each side's vCPU blocks between events, so
 * every one-way delivery wakes a blocked vCPU on another host thread. The guests cannot time
 * themselves finely, so the driver times the whole exchange: from B's start line on its
 * console to its end line (the console polled every millisecond, so run long enough: ≥ 1 s), and prints the mean round trip and
 * half of it, the mean one-way latency guest → guest.
 *
 * <pre>./hv bench pingpong [--rounds 20000] [--runs 3]</pre>
 */
public final class EventPingPongBench {

    private EventPingPongBench() {
    }

    public static void main(String[] args) {
        long rounds = 20_000;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: pingpong [--rounds N] [--runs N])");
            }
        }
        double[] oneWay = new double[runs];
        for (int r = 0; r < runs; r++) {
            oneWay[r] = run(rounds);
            System.out.printf("run %d: %,d round trips guest <-> guest, mean round trip %.2f µs, one-way %.2f µs%n",
                    r + 1, rounds, 2 * oneWay[r], oneWay[r]);
        }
        Arrays.sort(oneWay);
        System.out.printf("guest -> guest one-way (mean per run): median of %d runs %.2f µs, min %.2f, max %.2f%n",
                runs, oneWay[runs / 2], oneWay[0], oneWay[runs - 1]);
    }

    /** One exchange on a fresh hypervisor; returns the mean one-way latency in µs. */
    private static double run(long rounds) {
        try (Hypervisor hv = Guests.hypervisor(64L << 20, 2)) {
            // A's port is for B, which does not exist yet: domids are handed out in order,
            // so A gets the highest one in use + 1 and B the one after (checked below).
            int expectedB = highestDomid(hv) + 2;
            Domain a = Guests.boot(hv, "ping-a", "evtchn-pingpong", 4096,
                    "evtchn-pingpong " + rounds + " " + expectedB);
            Matcher port = Guests.awaitConsole(a, Pattern.compile("evtchn-pingpong: port (\\d+),"), 60_000);
            Domain b = Guests.boot(hv, "ping-b", "evtchn-pingpong", 4096,
                    "evtchn-pingpong connect " + a.domid() + " " + port.group(1) + " " + rounds);
            if (b.domid() != expectedB) {
                throw new IllegalStateException("B got domid " + b.domid() + ", A's port is for " + expectedB);
            }
            Pattern start = Pattern.compile("evtchn-pingpong: port \\d+, " + rounds + " rounds");
            Pattern done = Pattern.compile("evtchn-pingpong: " + rounds + " round trips");
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (!start.matcher(Guests.console(b)).find()) {
                check(b, deadline);
                Guests.sleep(1); // not a spin: the two guests need both host cores
            }
            long t0 = System.nanoTime();
            while (!done.matcher(Guests.console(b)).find()) {
                check(b, deadline);
                Guests.sleep(1);
            }
            long t1 = System.nanoTime();
            return (t1 - t0) / 1e3 / rounds / 2;
        }
    }

    private static int highestDomid(Hypervisor hv) {
        return hv.domains().list().stream().mapToInt(i -> i.domid()).max().orElse(0);
    }

    private static void check(Domain d, long deadline) {
        if (System.nanoTime() > deadline || Guests.console(d).contains("cannot set up")) {
            throw new IllegalStateException("the exchange did not finish; console of " + d.domid() + ":\n"
                    + Guests.console(d));
        }
    }
}
