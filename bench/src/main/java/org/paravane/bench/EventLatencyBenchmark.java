package org.paravane.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.paravane.api.abi.SharedInfoLayout;
import org.paravane.api.grant.GrantMapping;
import org.paravane.core.domain.Domain;
import org.paravane.core.evtchn.Dom0EventChannels;
import org.paravane.core.hv.Hypervisor;

/**
 * Issue 3, event latency: one round trip dom0 → guest → dom0 over an interdomain event
 * channel with a real guest (guest/images/evtchn-pingpong.elf on the RISC-V engine and the
 * credit scheduler). What one operation is: the benchmark thread calls
 * {@code Dom0EventChannels.send}; the guest's vCPU, blocked in sched_op(block), is woken on a
 * scheduler thread, takes the upcall (SEIP), its handler sends back; dom0's dispatch thread
 * runs the Java handler, which bumps a counter the benchmark thread spins on. So a sample is
 * two deliveries and two thread wake-ups; the one-way latency is at most half of it.
 * {@link #oneWay} times only the first half: from dom0's send until the guest's upcall
 * handler has cleared the port's pending bit in its shared_info page (it does so just before
 * calling the port's callback, guest/src/events.c), read by the benchmark thread spinning on
 * that shared memory; an untimed per-invocation setup first waits for the previous round's
 * answer so each sample starts with the guest blocked.
 * The guest's rounds count is huge so it stays in its callback (block) half for the run.
 * {@link #oneWayRunning} times the same span with the target vCPU running: the guest
 * ({@code evtchn-pingpong ROUNDS 0 spin}) busy-waits with events unmasked instead of
 * blocking, so the event is taken by a hart already executing guest code on its scheduler
 * thread (the "between two running vCPUs"); no wake-up is in the path. That guest
 * does not answer by event: it counts handled events in the page it grants dom0, which the
 * untimed setup reads, so no dom0 dispatch thread competes with the two spinning threads
 * (on two host cores such a third thread delayed every round).
 * {@code -p image=PATH.elf} boots another build of the guest (A/B of guest-side changes,
 * e.g. {@code -p image=evtchn-pingpong,/tmp/old.elf} runs both in one JMH run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class EventLatencyBenchmark {

    private Hypervisor hv;
    private Dom0EventChannels dom0;
    private final AtomicLong pongs = new AtomicLong();
    private int port;
    private int guestPort;
    private MemorySegment guestShared;

    /** Guest image: a name under guest/images, or a path ending in .elf (A/B of a guest build). */
    @Param({"evtchn-pingpong"})
    public String image;

    private boolean running;
    /** oneWayRunning: the guest's granted page; it stores its handled-event count at {@link #SPIN_COUNT_OFFSET}. */
    private GrantMapping roundsPage;
    private static final long SPIN_COUNT_OFFSET = 2048;

    @Setup(Level.Trial)
    public void boot(BenchmarkParams params) {
        running = params.getBenchmark().endsWith(".oneWayRunning");
        breakdown = new EventPathProbe(running);
        hv = Guests.hypervisor(64L << 20, Runtime.getRuntime().availableProcessors());
        Domain d = Guests.boot(hv, "pingpong", image, 4096,
                running ? "evtchn-pingpong 2000000000 0 spin" : "evtchn-pingpong 2000000000");
        Matcher m = Guests.awaitConsole(d, Pattern.compile("evtchn-pingpong: port (\\d+),"), 60_000);
        if (running) {
            // The spinning guest reports handled events in its granted page, not by event.
            Matcher g = Guests.awaitConsole(d, Pattern.compile("evtchn-pingpong: grant ref (\\d+)"), 1_000);
            roundsPage = hv.dom0Grants().map(d.domid(), Integer.parseInt(g.group(1)), true);
            if (!Guests.console(d).contains(", spinning")) {
                throw new IllegalStateException("the guest image has no spin mode: " + image);
            }
        }
        dom0 = hv.dom0EventChannels();
        guestPort = Integer.parseInt(m.group(1));
        guestShared = d.sharedInfo();
        port = dom0.bindInterdomain(d.domid(), guestPort, p -> pongs.incrementAndGet());
        // Binding may leave an event pending for the guest (facts §2.1): let it settle.
        Guests.sleep(200);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (roundsPage != null) {
            hv.dom0Grants().unmap(roundsPage);
            roundsPage = null;
        }
        if (probe) {
            EventPathProbe.disarm();
            breakdown.print(running ? "dom0 -> guest one-way, target vCPU running"
                    : "dom0 -> guest one-way, target vCPU blocked");
        }
        long[] spin = hv.scheduler().idleSpinCounts();
        System.out.printf("%nscheduler idle spin (paravane.sched.idleSpinMicros=%s): %,d spins caught work,"
                + " %,d ended without, %,d parks, %,d spins cut short by a busy core%n",
                System.getProperty("paravane.sched.idleSpinMicros",
                        "default " + org.paravane.core.sched.CreditScheduler.DEFAULT_IDLE_SPIN_MICROS), spin[0], spin[1], spin[2], spin[3]);
        hv.close();
    }

    /** Rounds the guest finished: answers by event, or (spinning guest) the count in its page. */
    private long answered() {
        return running ? (long) ValueLayout.JAVA_LONG.varHandle().getAcquire(roundsPage.segment(), SPIN_COUNT_OFFSET)
                : pongs.get();
    }

    private boolean guestPending() {
        long w = guestShared.get(ValueLayout.JAVA_LONG_UNALIGNED, SharedInfoLayout.EVTCHN_PENDING + 8L * (guestPort / 64));
        return (w & (1L << (guestPort % 64))) != 0;
    }

    /** Untimed: the previous round was answered and the guest is blocked (spinning, oneWayRunning) again (best effort). */
    @Setup(Level.Invocation)
    public void quiesce() {
        long end = System.nanoTime() + 1_000_000_000L;
        while ((guestPending() || answered() < expected) && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        expected = answered() + 1;
        if (probe) {
            breakdown.collect(sentAt, seenAt);
            sentAt = 0;
            EventPathProbe.arm();
        }
    }

    private long expected;

    /**
     * {@code -p probe=true}: time each step of the one-way path (docs/benchmarks.md, event
     * latency) and print the breakdown at the end of the trial. Off by default; the probe
     * points then cost one volatile read each.
     */
    @Param({"false"})
    public boolean probe;

    private EventPathProbe breakdown;
    private long sentAt;
    private long seenAt;

    /** dom0 send until the guest's handler cleared the pending bit; the guest was blocked. */
    @Benchmark
    public boolean oneWay() {
        return sendAndAwaitClear();
    }

    /** The same span with the guest's vCPU running (spinning, events unmasked) when the event comes. */
    @Benchmark
    public boolean oneWayRunning() {
        return sendAndAwaitClear();
    }

    private boolean sendAndAwaitClear() {
        long t0 = probe ? System.nanoTime() : 0;
        dom0.send(port);
        long end = System.nanoTime() + 1_000_000_000L;
        while (guestPending()) {
            Thread.onSpinWait();
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the guest did not take the event within 1 s");
            }
        }
        if (probe) {
            seenAt = System.nanoTime();
            sentAt = t0;
        }
        return true;
    }

    @Benchmark
    public long roundTrip() {
        long before = pongs.get();
        dom0.send(port);
        long resend = System.nanoTime() + 1_000_000_000L;
        long now;
        while ((now = pongs.get()) == before) {
            Thread.onSpinWait();
            if (System.nanoTime() > resend) {
                // An event merged with one still pending is not lost but not answered twice.
                dom0.send(port);
                resend = System.nanoTime() + 1_000_000_000L;
            }
        }
        return now;
    }
}
