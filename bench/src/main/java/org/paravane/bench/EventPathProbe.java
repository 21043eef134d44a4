package org.paravane.bench;

import java.util.Arrays;
import org.paravane.core.sched.LatencyProbe;
import org.paravane.engine.riscv.InterruptProbe;

/**
 * Collects the per-step timestamps of the event one-way path (the core's
 * {@link LatencyProbe} and the engine's {@link InterruptProbe}, plus the sender's start and
 * the moment the benchmark thread saw the guest handler clear the pending bit) over many
 * samples, and prints the median and p90 of each step's duration.
 */
final class EventPathProbe {

    /**
     * Step names, in path order; each duration is from the previous step to this one. The
     * guest clears the pending bit before it answers, so "answered" ends after the moment the
     * benchmark's sample ends; the last two rows show that end as the benchmark saw it.
     */
    static final String[] STEPS = {
        "send call -> EventChannels.send", "-> pending bit set", "-> vCPU kicked (SEIP)",
        "-> scheduler wake done (queued + signal)", "-> worker picked vCPU up", "-> engine run() entered",
        "-> engine took the upcall trap", "-> guest handler answered (its EVTCHNOP_send)",
    };

    private static final int CAPACITY = 1 << 20;
    private final long[][] durations = new long[STEPS.length][CAPACITY];
    private final long[] totals = new long[CAPACITY];
    private final long[] seen = new long[CAPACITY];
    private final long[] kickToPickup = new long[CAPACITY];
    private final long[] kickToTrap = new long[CAPACITY];
    private final long[] stamps = new long[LatencyProbe.STEPS];
    private final long[] handlerNanos = new long[CAPACITY];
    private final long[] handlerInstructions = new long[CAPACITY];
    private int handlerSamples;
    private int samples;
    private int incomplete;

    static void arm() {
        LatencyProbe.arm();
        InterruptProbe.arm();
    }

    static void disarm() {
        LatencyProbe.disarm();
        InterruptProbe.disarm();
    }

    /** Records one sample: sender's start and the end seen by the benchmark thread (0 = none yet). */
    void collect(long sentAt, long seenAt) {
        if (sentAt == 0) {
            return;
        }
        LatencyProbe.read(stamps);
        long[] path = new long[STEPS.length + 1];
        path[0] = sentAt;
        for (int i = 0; i <= LatencyProbe.RUN; i++) {
            path[i + 1] = stamps[i];
        }
        long trap = InterruptProbe.externalTrapNanos();
        path[LatencyProbe.RUN + 2] = trap;
        path[LatencyProbe.RUN + 3] = stamps[LatencyProbe.GUEST_SEND];
        if (seenAt == 0 || trap == 0) {
            incomplete++;
            return;
        }
        // The guest handler on the hart's own thread: trap to its acknowledgement ecall.
        long ack = InterruptProbe.firstCallNanos();
        long insns = InterruptProbe.instructionsToFirstCall();
        if (ack != 0 && insns >= 0 && handlerSamples < CAPACITY) {
            handlerNanos[handlerSamples] = ack - trap;
            handlerInstructions[handlerSamples] = insns;
            handlerSamples++;
        }
        if (running) {
            collectRunning(path, trap, seenAt);
            return;
        }
        for (long p : path) {
            if (p == 0) {
                incomplete++; // a step not reached: e.g. the vCPU was still running, no wake-up
                return;
            }
        }
        if (samples == CAPACITY) {
            return;
        }
        for (int i = 0; i < STEPS.length; i++) {
            durations[i][samples] = path[i + 1] - path[i];
        }
        totals[samples] = seenAt - sentAt;
        seen[samples] = seenAt - trap;
        kickToPickup[samples] = path[LatencyProbe.PICKUP + 1] - path[LatencyProbe.KICK + 1];
        kickToTrap[samples] = trap - path[LatencyProbe.KICK + 1];
        samples++;
    }

    /**
     * The running-target case (the vCPU is in the guest when the event comes): no wake-up,
     * no pickup, no run() entry, so only send, kick, trap and the cleared bit are timed.
     */
    private void collectRunning(long[] path, long trap, long seenAt) {
        long sent = path[0];
        long kick = path[LatencyProbe.KICK + 1];
        if (kick == 0 || samples == CAPACITY) {
            incomplete++;
            return;
        }
        durations[0][samples] = kick - sent;
        kickToTrap[samples] = trap - kick;
        seen[samples] = seenAt - trap;
        totals[samples] = seenAt - sent;
        samples++;
    }

    private final boolean running;

    /** A probe for the blocked-target path (every step) or the running-target one. */
    EventPathProbe(boolean running) {
        this.running = running;
    }

    void print(String title) {
        printHandler();
        if (running) {
            System.out.printf("%n%s: per-step breakdown over %,d samples (%,d without every step)%n", title,
                    samples, incomplete);
            System.out.printf("  %-52s %10s %10s %10s%n", "step", "median µs", "p90 µs", "p99 µs");
            printRow("send call -> vCPU kicked (SEIP raised)", durations[0]);
            printRow("vCPU kicked -> engine took the upcall trap", kickToTrap);
            printRow("engine trap -> benchmark thread saw the bit clear", seen);
            printRow("total (send call -> bit clear seen): the benchmark", totals);
            return;
        }
        System.out.printf("%n%s: per-step breakdown over %,d samples (%,d without every step)%n", title, samples,
                incomplete);
        System.out.printf("  %-44s %10s %10s %10s%n", "step", "median µs", "p90 µs", "p99 µs");
        for (int i = 0; i < STEPS.length; i++) {
            printRow(STEPS[i], durations[i]);
        }
        printRow("(vCPU kicked -> worker picked it up: the wake-up)", kickToPickup);
        printRow("(vCPU kicked -> engine took the upcall trap)", kickToTrap);
        printRow("(engine trap -> benchmark thread saw the bit clear)", seen);
        printRow("total (send call -> bit clear seen): the benchmark", totals);
    }

    /** The guest's handler as the engine saw it: host time and retired instructions. */
    private void printHandler() {
        long[] t = Arrays.copyOf(handlerNanos, handlerSamples);
        long[] n = Arrays.copyOf(handlerInstructions, handlerSamples);
        Arrays.sort(t);
        Arrays.sort(n);
        System.out.printf("%nguest upcall handler, engine trap -> its first ecall (the upcall ack), %,d samples:%n",
                handlerSamples);
        System.out.printf("  host time median %.2f µs, p90 %.2f µs; instructions median %d (min %d, max %d)%n",
                pct(t, 0.5), pct(t, 0.9), handlerSamples == 0 ? -1 : n[handlerSamples / 2],
                handlerSamples == 0 ? -1 : n[0], handlerSamples == 0 ? -1 : n[handlerSamples - 1]);
    }

    private void printRow(String name, long[] values) {
        long[] v = Arrays.copyOf(values, samples);
        Arrays.sort(v);
        System.out.printf("  %-52s %10.2f %10.2f %10.2f%n", name, pct(v, 0.5), pct(v, 0.9), pct(v, 0.99));
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1000.0;
    }
}
