package org.paravane.core.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.paravane.api.engine.RunExit;
import org.paravane.api.engine.Vcpu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credit scheduler in the manner of Xen's credit1: every vCPU of every domain runs on a
 * fixed pool of host threads.
 * <ul>
 * <li>Time slices are instruction budgets ({@code Vcpu.run(budget)}) sized per vCPU by a
 *     {@link SliceSizer} to take about the same host time (1 ms) whatever the guest's
 *     instructions cost, at most {@code sliceInstructions}; so vCPUs taking turns get equal
 *     host time, not equal instruction counts.</li>
 * <li>Every accounting period (30 ms) the credit of one period per host thread is shared
 *     among the active domains (ran, capped or waiting to run) in proportion to their
 *     weight; running debits the host time used ({@link CreditLedger}). Domains with credit left are UNDER and dispatched
 *     before OVER ones.</li>
 * <li>A cap (percent of one host thread, 0 = none) parks a domain's vCPUs for the rest of
 *     the period once it has used its share.</li>
 * <li>A vCPU that exits IDLE (WFI) or BLOCKED (sched_op block/poll) leaves the queues and
 *     costs nothing until {@link #wake} (interrupt, timer, event); workers with nothing to
 *     run park. A vCPU made runnable while a worker is parked is handed to that worker
 *     directly (marked RUNNING and unparked, no run queue, no lock for the woken worker):
 *     the wake-up path of an event to a blocked vCPU (docs/benchmarks.md, event latency).
 *     {@code -Dparavane.sched.handoff=false} queues it instead, for A/B measurements.</li>
 * <li>A worker whose vCPU just blocked spins briefly before it parks ({@link IdleSpinPolicy}:
 *     an adaptive window up to {@code -Dparavane.sched.idleSpinMicros}, default
 *     {@value #DEFAULT_IDLE_SPIN_MICROS} µs, 0 = off); a vCPU made runnable goes to a spinning
 *     worker first, which needs no unpark. Only running a vCPU arms the spin, and the window
 *     closes when wake-ups come far apart, so blocked domains still cost nothing.</li>
 * </ul>
 */
public final class CreditScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CreditScheduler.class);

    /** Accounting period, as Xen's credit1 (30 ms). */
    public static final long PERIOD_NS = 30_000_000L;

    private final int threadCount;
    private final long sliceInstructions;
    private final SliceSizer sizer;
    private final CreditLedger ledger;
    private final GuestClock clock;
    private final TimerService timers;
    private volatile VirqSink virqSink = VirqSink.NONE;
    private volatile VcpuExitHandler exitHandler = (v, reason) -> { };

    private final ReentrantLock lock = new ReentrantLock();
    /** Hand a newly runnable vCPU straight to a parked worker (see the class comment). */
    private static final boolean HANDOFF = Boolean.parseBoolean(System.getProperty("paravane.sched.handoff", "true"));

    /** The idle spin yields the core now and then ({@code -Dparavane.sched.idleSpinYield=false}: pause only). */
    private static final boolean SPIN_YIELD = Boolean.parseBoolean(System.getProperty("paravane.sched.idleSpinYield", "true"));

    /**
     * The idle spin pauses ({@code Thread.onSpinWait}) and yields once every this many ns:
     * short enough for a thread waiting for the core to get it soon, long enough that
     * most of the spin notices a hand-off within a pause rather than a yield system call.
     */
    private static final long YIELD_EVERY_NS = Long.getLong("paravane.sched.idleSpinYieldEveryNs", 2_000L);

    /** Default of {@code paravane.sched.idleSpinMicros}: the idle spin's upper bound. */
    public static final long DEFAULT_IDLE_SPIN_MICROS = 50;

    /**
     * One host thread of the pool; {@code handoff} is the vCPU handed to it while idle,
     * {@code nudged} says the queues got work for it (hand-off off). {@code spinning} is true
     * while it spins instead of parking: a waker then skips the unpark. The waker writes
     * handoff/nudged then reads spinning; the worker clears spinning then re-reads both
     * (all volatile), so one of the two always sees the other's write.
     */
    private static final class Worker {
        Thread thread;
        volatile VcpuContext handoff;
        volatile boolean nudged;
        volatile boolean spinning;
        /** Only this worker's thread touches the fields below. */
        IdleSpinPolicy spin;
        boolean justRan;
        /** System.nanoTime() when it ran out of work (0 = busy), and whether the spin caught work. */
        long idleSince;
        boolean caughtWhileSpinning;
        /** Counters for {@link #idleSpinCounts}: written by this worker only, read racily. */
        volatile long spinsCaught;
        volatile long spinsExpired;
        volatile long parks;
        volatile long spinsContended;
    }

    /** The worker records, in the order of {@link #idleSpinCounts}. */
    private final List<Worker> pool = new ArrayList<>();

    /** Parked workers, most recently parked first; guarded by lock. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final Condition quiesced = lock.newCondition();
    private final ArrayDeque<VcpuContext> under = new ArrayDeque<>();
    private final ArrayDeque<VcpuContext> over = new ArrayDeque<>();
    private final Map<Integer, SchedDomain> domains = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledFuture<?> accounting;
    /** System.nanoTime() of the last accounting run (0 before the first); guarded by lock. */
    private long lastAccount;
    private volatile boolean closed;

    /**
     * Starts {@code threads} host threads (use {@link Runtime#availableProcessors()} for the
     * default) running slices of {@code sliceInstructions}.
     */
    public CreditScheduler(int threads, long sliceInstructions, GuestClock clock, TimerService timers) {
        this(threads, sliceInstructions, clock, timers, idleSpinFromProperty());
    }

    /**
     * As above with an explicit idle-spin bound in ns (0 = workers park at once; see the class
     * comment), instead of the system property.
     */
    public CreditScheduler(int threads, long sliceInstructions, GuestClock clock, TimerService timers,
            long idleSpinNs) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("scheduler threads must be 1..1024, was " + threads);
        }
        if (sliceInstructions < 1) {
            throw new IllegalArgumentException("time slice must be at least one instruction, was " + sliceInstructions);
        }
        this.threadCount = threads;
        this.sliceInstructions = sliceInstructions;
        this.sizer = new SliceSizer(sliceInstructions, SliceSizer.TARGET_NS);
        this.ledger = new CreditLedger(PERIOD_NS, threads);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timers = Objects.requireNonNull(timers, "timers");
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker();
            w.spin = new IdleSpinPolicy(idleSpinNs);
            pool.add(w);
            Thread t = new Thread(() -> workerLoop(w), "paravane-vcpu-" + i);
            w.thread = t;
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        accounting = timers.every(this::account, PERIOD_NS);
    }

    /** {@code paravane.sched.idleSpinMicros} in ns, checked (0..10,000 µs). */
    static long idleSpinFromProperty() {
        String raw = System.getProperty("paravane.sched.idleSpinMicros", Long.toString(DEFAULT_IDLE_SPIN_MICROS));
        long micros;
        try {
            micros = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("paravane.sched.idleSpinMicros must be a number of microseconds"
                    + " (0 = off), was '" + raw + "'", e);
        }
        if (micros < 0 || micros > 10_000) {
            throw new IllegalArgumentException("paravane.sched.idleSpinMicros must be 0..10000, was " + micros);
        }
        return micros * 1000;
    }

    GuestClock clock() {
        return clock;
    }

    /** Runs {@code action} once on the shared timer thread after {@code delayNs}. */
    public ScheduledFuture<?> schedule(Runnable action, long delayNs) {
        return timers.schedule(action, delayNs);
    }

    /** Xen system time now, in ns (docs/abi.md §3). */
    public long clockNow() {
        return clock.systemTimeNs();
    }

    TimerService timers() {
        return timers;
    }

    VirqSink virqSink() {
        return virqSink;
    }

    /** Where VIRQ_TIMER goes (the event-channel subsystem). */
    public void setVirqSink(VirqSink sink) {
        this.virqSink = Objects.requireNonNull(sink, "sink");
    }

    /** Who hears about crashed vCPUs (the domain table). */
    public void setExitHandler(VcpuExitHandler handler) {
        this.exitHandler = Objects.requireNonNull(handler, "handler");
    }

    /** Host threads in the pool. */
    public int threadCount() {
        return threadCount;
    }

    /**
     * Idle-spin counters summed over the pool (racy snapshot, diagnostics and benchmarks):
     * spins that caught work, spins that ended without work, parks of a worker that had
     * nothing to do, and spins cut short because a yield lost the core (a subset of the first
     * two).
     */
    public long[] idleSpinCounts() {
        long caught = 0;
        long expired = 0;
        long parked = 0;
        long contended = 0;
        for (Worker w : pool) {
            caught += w.spinsCaught;
            expired += w.spinsExpired;
            parked += w.parks;
            contended += w.spinsContended;
        }
        return new long[] {caught, expired, parked, contended};
    }

    /** True when every worker is parked (not spinning, not running): tests of the idle cost. */
    boolean allWorkersParked() {
        for (Worker w : pool) {
            if (w.spinning || w.thread.getState() != Thread.State.WAITING) {
                return false;
            }
        }
        return true;
    }

    /** Live worker threads (leak checks). */
    public long liveWorkers() {
        return workers.stream().filter(Thread::isAlive).count();
    }

    // ---------------------------------------------------------------- domains and vCPUs

    /** Registers a domain, paused, with {@code vcpus} vCPUs (engines attached later). */
    public SchedDomain addDomain(int domid, int vcpus, int weight, int cap) {
        checkParams(weight, cap);
        SchedDomain d = new SchedDomain(domid, weight, cap);
        for (int i = 0; i < vcpus; i++) {
            VcpuContext v = new VcpuContext(this, d, i, null);
            v.sliceBudget = sizer.initial();
            d.vcpus.add(v);
        }
        if (domains.putIfAbsent(domid, d) != null) {
            throw new IllegalStateException("domain " + domid + " is already scheduled");
        }
        return d;
    }

    private static void checkParams(int weight, int cap) {
        if (weight < 1 || weight > 65535) {
            throw new IllegalArgumentException("weight must be 1..65535, was " + weight);
        }
        if (cap < 0 || cap > 100 * 1024) {
            throw new IllegalArgumentException("cap must be 0 (none) or a percentage of one thread, was " + cap);
        }
    }

    /** Changes weight and cap of a domain. */
    public void setParams(SchedDomain d, int weight, int cap) {
        checkParams(weight, cap);
        lock.lock();
        try {
            d.weight = weight;
            d.cap = cap;
        } finally {
            lock.unlock();
        }
    }

    /** Number of domains known (leak checks). */
    public int domainCount() {
        return domains.size();
    }

    /**
     * Stops scheduling the domain and waits until none of its vCPUs is on a host thread;
     * then cancels its timers. After this the domain's memory may be freed.
     */
    public void removeDomain(SchedDomain d) {
        lock.lock();
        try {
            d.removed = true;
            d.paused = true;
            under.removeIf(v -> v.domain() == d);
            over.removeIf(v -> v.domain() == d);
            awaitNotRunning(d);
        } finally {
            lock.unlock();
        }
        for (VcpuContext v : d.vcpus) {
            synchronized (v) {
                v.state = VcpuRunState.OFFLINE;
                v.blockCondition = null;
            }
            v.cancelTimers();
        }
        domains.remove(d.domid, d);
    }

    private void awaitNotRunning(SchedDomain d) {
        while (d.running > 0 && !workers.contains(Thread.currentThread())) {
            quiesced.awaitUninterruptibly();
        }
    }

    /** Pauses a domain: no vCPU of it runs once this returns (unless called from one). */
    public void pause(SchedDomain d) {
        lock.lock();
        try {
            d.paused = true;
            awaitNotRunning(d);
        } finally {
            lock.unlock();
        }
    }

    /** Unpauses a domain: its runnable vCPUs are queued again. */
    public void unpause(SchedDomain d) {
        lock.lock();
        try {
            if (d.removed) {
                return;
            }
            d.paused = false;
            requeueParked(d);
        } finally {
            lock.unlock();
        }
    }

    private void requeueParked(SchedDomain d) {
        for (VcpuContext v : d.vcpus) {
            synchronized (v) {
                if (v.state == VcpuRunState.PARKED) {
                    v.state = VcpuRunState.RUNNABLE;
                    enqueueLocked(v);
                }
            }
        }
    }

    /** Brings a vCPU up (boot, vcpu_op up, HSM start): it becomes runnable. */
    public void up(VcpuContext v) {
        lock.lock();
        try {
            synchronized (v) {
                if (v.state != VcpuRunState.OFFLINE || v.domain().removed) {
                    return;
                }
                v.wakePending = false;
                v.blockCondition = null;
                v.state = VcpuRunState.RUNNABLE;
                enqueueLocked(v);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a vCPU down. A vCPU that is running finishes its slice first (the caller's
     * hypercall returns STOP when it takes itself down).
     */
    public void down(VcpuContext v) {
        lock.lock();
        try {
            synchronized (v) {
                if (v.state == VcpuRunState.RUNNABLE) {
                    under.remove(v);
                    over.remove(v);
                }
                if (v.state != VcpuRunState.RUNNING) {
                    v.state = VcpuRunState.OFFLINE;
                } else {
                    v.wakePending = false;
                    v.blockCondition = () -> false;
                    v.downRequested = true;
                }
            }
        } finally {
            lock.unlock();
        }
        v.cancelTimers();
    }

    /**
     * Wakes a vCPU that may be blocked (interrupt raised, timer, event, poll): safe from any
     * thread, never blocks for long. A blocked vCPU runs again only if its wake condition
     * holds (an interrupt pending and enabled, the sched_op block/poll condition); a vCPU
     * that is running notes the wake-up so that it does not block after its slice.
     */
    public void wake(VcpuContext v) {
        wake(v, true);
    }

    /**
     * Wakes a vCPU only if it is BLOCKED and its wake condition now holds; a running vCPU is
     * left alone. For wake-ups whose cause the block condition itself re-reads when the vCPU
     * blocks (a port became pending: the sched_op poll/block conditions read the guest's
     * bitmaps under the scheduler lock), such as {@code EventHost.wakePollers}: marking a
     * running vCPU wake-pending there would make its next block return at once and cost a
     * second slice on another worker for every event (docs/benchmarks.md, event latency).
     */
    public void wakeIfBlocked(VcpuContext v) {
        wake(v, false);
    }

    private void wake(VcpuContext v, boolean noteIfRunning) {
        lock.lock();
        try {
            synchronized (v) {
                switch (v.state) {
                    case BLOCKED -> {
                        if (v.shouldStayBlocked()) {
                            return; // spurious: the wake condition (interrupt, event, timeout) is not met
                        }
                        v.blockCondition = null;
                        v.state = VcpuRunState.RUNNABLE;
                        enqueueLocked(v);
                    }
                    case RUNNING -> {
                        if (noteIfRunning) {
                            v.wakePending = true;
                        }
                    }
                    default -> { }
                }
            }
        } finally {
            lock.unlock();
        }
        LatencyProbe.mark(LatencyProbe.QUEUED);
    }

    /** Caller holds lock and v's monitor; v is RUNNABLE. */
    private void enqueueLocked(VcpuContext v) {
        SchedDomain d = v.domain();
        if (d.paused || d.capped) {
            v.state = VcpuRunState.PARKED;
            return;
        }
        Worker w = takeIdleWorker();
        if (w == null) {
            (d.credit > 0 ? under : over).addLast(v);
            return;
        }
        if (HANDOFF) {
            // A worker is idle, so both queues are empty: v is next anyway. It is RUNNING
            // from here on (pause/remove wait for it like for any running vCPU).
            v.state = VcpuRunState.RUNNING;
            v.wakePending = false;
            d.running++;
            w.handoff = v;
        } else {
            (d.credit > 0 ? under : over).addLast(v);
            w.nudged = true;
        }
        if (!w.spinning) {
            LockSupport.unpark(w.thread); // a spinning worker sees handoff/nudged by itself
        }
    }

    /** Caller holds lock: an idle worker, a spinning one first (no unpark), else the most recent. */
    private Worker takeIdleWorker() {
        for (var it = idle.iterator(); it.hasNext(); ) {
            Worker w = it.next();
            if (w.spinning) {
                it.remove();
                return w;
            }
        }
        return idle.pollFirst();
    }

    // ---------------------------------------------------------------- workers

    private void workerLoop(Worker w) {
        while (!closed) {
            VcpuContext v = take(w);
            if (v == null) {
                continue;
            }
            runSlice(v);
            w.justRan = true;
        }
    }

    /** The next vCPU for worker w: one handed to it, else the queues' head; parks when none. */
    private VcpuContext take(Worker w) {
        while (true) {
            // The hand-off first, even when closing: it counts as running, and removeDomain
            // waits for that count to fall back to zero.
            VcpuContext h = w.handoff;
            if (h != null) {
                w.handoff = null;
                LatencyProbe.mark(LatencyProbe.PICKUP);
                busyAgain(w);
                return h; // made RUNNING by enqueueLocked
            }
            if (closed) {
                return null;
            }
            w.nudged = false; // about to look at the queues itself
            VcpuContext v = poll(w);
            if (v != null) {
                busyAgain(w);
                return v;
            }
            if (w.idleSince == 0) {
                w.idleSince = System.nanoTime();
            }
            if (w.justRan) {
                // Only a slice just run arms the spin: a spurious unpark or a timer-less idle
                // host never spins (docs/hypervisor.md, "Idle spin before parking").
                w.justRan = false;
                spinIdle(w);
            }
            if (w.handoff == null && !w.nudged && !closed) {
                w.caughtWhileSpinning = false; // whatever ends this park, the spin did not catch it
                w.parks++;
                LockSupport.park(this); // unparked by enqueueLocked or close; may return spuriously
            }
        }
    }

    /**
     * Spins up to the worker's current window while it is listed idle, watching its hand-off
     * slot: a vCPU woken now (an event's answer in a ping-pong) starts without a thread
     * wake-up. Ends on work, on close, or when the window runs out.
     */
    private void spinIdle(Worker w) {
        long window = w.spin.windowNs();
        if (window == 0) {
            return;
        }
        w.spinning = true;
        long now = System.nanoTime();
        long deadline = now + window;
        long nextYield = now + YIELD_EVERY_NS;
        boolean caught = false;
        boolean contended = false;
        while (true) {
            if (w.handoff != null || w.nudged || closed) {
                caught = true;
                break;
            }
            if (now - deadline >= 0) {
                break;
            }
            if (SPIN_YIELD && now - nextYield >= 0) {
                // Give the core to any thread runnable here: the one that will send the next
                // event (dom0's dispatch thread, a backend) often waits for exactly this core,
                // and a pure spin would hold it for the whole window.
                Thread.yield();
                long after = System.nanoTime();
                if (after - now > IdleSpinPolicy.CONTENDED_NS) {
                    // the core went to others for long: spinning only delays the pickup
                    contended = true;
                    caught = w.handoff != null || w.nudged;
                    break;
                }
                now = after;
                nextYield = now + YIELD_EVERY_NS;
            } else {
                Thread.onSpinWait();
                now = System.nanoTime();
            }
        }
        w.spinning = false;
        w.caughtWhileSpinning = caught && !contended;
        if (contended) {
            w.spin.contended();
            w.spinsContended++;
        }
        if (caught) {
            w.spinsCaught++;
        } else {
            w.spinsExpired++;
        }
    }

    /** The worker has work again: let its spin policy learn from the idle time just ended. */
    private static void busyAgain(Worker w) {
        if (w.idleSince == 0) {
            return; // the queues had work as soon as it looked: it was never idle
        }
        if (w.caughtWhileSpinning) {
            w.spin.caughtWork();
        } else {
            w.spin.parkedFor(System.nanoTime() - w.idleSince);
        }
        w.idleSince = 0;
        w.caughtWhileSpinning = false;
    }

    /** A vCPU from the queues, or null after registering w as idle. */
    private VcpuContext poll(Worker w) {
        lock.lock();
        try {
            while (!closed) {
                if (w.handoff != null) {
                    return null; // handed one while we were taking the lock: take() picks it up
                }
                VcpuContext v = under.pollFirst();
                if (v == null) {
                    v = over.pollFirst();
                }
                if (v == null) {
                    if (!idle.contains(w)) {
                        idle.addFirst(w);
                    }
                    return null;
                }
                synchronized (v) {
                    if (v.state != VcpuRunState.RUNNABLE) {
                        continue;
                    }
                    SchedDomain d = v.domain();
                    if (d.paused || d.capped || d.removed) {
                        v.state = d.removed ? VcpuRunState.OFFLINE : VcpuRunState.PARKED;
                        continue;
                    }
                    v.state = VcpuRunState.RUNNING;
                    v.wakePending = false;
                    d.running++;
                }
                idle.remove(w); // woken spuriously while listed: a busy worker gets no hand-off
                LatencyProbe.mark(LatencyProbe.PICKUP);
                return v;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void runSlice(VcpuContext v) {
        Vcpu cpu = v.vcpu();
        long start = System.nanoTime();
        long retiredBefore = 0;
        RunExit exit;
        String crash = null;
        if (cpu == null) {
            exit = RunExit.IDLE; // no engine attached: nothing can run
        } else {
            try {
                retiredBefore = cpu.instructionsRetired();
                long budget = v.sliceBudget;
                SchedDomain sd = v.domain();
                if (sd.cap > 0) {
                    // racy read of the period's use (a hint; charged under the lock below)
                    budget = sizer.capped(budget, ledger.capBudget(sd) - sd.usedThisPeriod);
                }
                LatencyProbe.mark(LatencyProbe.RUN);
                exit = cpu.run(budget);
                if (exit == null) {
                    exit = RunExit.CRASHED;
                    crash = "engine returned no exit reason";
                } else if (exit == RunExit.CRASHED) {
                    crash = "guest crashed: " + safeDescribe(cpu);
                }
            } catch (RuntimeException | StackOverflowError e) {
                LOG.error("engine threw while running {}", v, e);
                exit = RunExit.CRASHED;
                crash = "engine failure: " + e;
            }
        }
        long used = System.nanoTime() - start;
        SchedDomain d = v.domain();
        d.addCpuTime(used);
        boolean crashed = exit == RunExit.CRASHED;
        if (cpu != null && !crashed) {
            // only this worker touches sliceBudget while the vCPU is RUNNING
            v.sliceBudget = sizer.next(v.sliceBudget, cpu.instructionsRetired() - retiredBefore, used);
        }
        lock.lock();
        try {
            ledger.charge(d, used);
            synchronized (v) {
                d.running--;
                if (v.downRequested || crashed || exit == RunExit.STOPPED) {
                    v.downRequested = false;
                    v.state = VcpuRunState.OFFLINE;
                    v.blockCondition = null;
                } else if (exit == RunExit.IDLE || exit == RunExit.BLOCKED) {
                    if (v.shouldStayBlocked()) {
                        v.state = VcpuRunState.BLOCKED;
                    } else {
                        v.blockCondition = null;
                        v.state = VcpuRunState.RUNNABLE;
                        enqueueLocked(v);
                    }
                } else {
                    v.state = VcpuRunState.RUNNABLE;
                    enqueueLocked(v);
                }
            }
            if (d.running == 0) {
                quiesced.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (crashed) {
            v.cancelTimers();
            try {
                exitHandler.vcpuCrashed(v, crash);
            } catch (RuntimeException e) {
                LOG.error("crash handling of {} failed", v, e);
            }
        }
    }

    private static String safeDescribe(Vcpu cpu) {
        try {
            return cpu.describeState();
        } catch (RuntimeException e) {
            return "(no state: " + e + ")";
        }
    }

    /** Every period: share one period of credit per thread by weight; lift caps. */
    private void account() {
        lock.lock();
        try {
            long now = System.nanoTime();
            long elapsed = lastAccount == 0 ? PERIOD_NS : now - lastAccount;
            lastAccount = now;
            for (SchedDomain d : ledger.refill(domains.values(), CreditScheduler::waitingToRun, elapsed)) {
                if (!d.paused) {
                    requeueParked(d);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("credit accounting failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock: some vCPU of d is queued or on a host thread. */
    private static boolean waitingToRun(SchedDomain d) {
        if (d.running > 0) {
            return true;
        }
        for (VcpuContext v : d.vcpus) {
            if (v.state() == VcpuRunState.RUNNABLE) {
                return true;
            }
        }
        return false;
    }

    /** Stops every worker thread; vCPUs stop after their current slice. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Worker w : idle) {
                LockSupport.unpark(w.thread);
            }
            idle.clear();
        } finally {
            lock.unlock();
        }
        accounting.cancel(false);
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
