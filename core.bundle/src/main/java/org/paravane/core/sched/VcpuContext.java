package org.paravane.core.sched;

import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import org.paravane.api.abi.Platform;
import org.paravane.api.engine.Vcpu;

/**
 * One vCPU in the scheduler: the engine's {@link Vcpu}, its run state, its wake-up
 * condition when blocked and its timers (SBI set_timer → STIP; set_timer_op → VIRQ_TIMER;
 * the sched_op poll timeout). State changes are made under this object's monitor.
 */
public final class VcpuContext {

    private final CreditScheduler scheduler;
    private final SchedDomain domain;
    private final int id;
    private volatile Vcpu vcpu;

    VcpuRunState state = VcpuRunState.OFFLINE;
    /** A wake-up arrived while RUNNING: do not block after this run. */
    boolean wakePending;
    /** Extra wake condition of a sched_op block/poll, besides a pending interrupt. */
    BooleanSupplier blockCondition;
    /** vcpu down requested while RUNNING: go OFFLINE after the slice. */
    boolean downRequested;
    /** Instructions of the next slice ({@link SliceSizer}); written by the worker running it. */
    volatile long sliceBudget = 1;
    private ScheduledFuture<?> sbiTimer;
    private ScheduledFuture<?> xenTimer;
    private ScheduledFuture<?> pollTimer;
    private volatile boolean pollTimedOut;

    VcpuContext(CreditScheduler scheduler, SchedDomain domain, int id, Vcpu vcpu) {
        this.scheduler = scheduler;
        this.domain = domain;
        this.id = id;
        this.vcpu = vcpu;
    }

    /** The vCPU number within its domain. */
    public int id() {
        return id;
    }

    /** The domain id. */
    public int domid() {
        return domain.domid;
    }

    /** The scheduler's view of the owning domain. */
    public SchedDomain domain() {
        return domain;
    }

    /** The engine's vCPU (null before one is attached). */
    public Vcpu vcpu() {
        return vcpu;
    }

    /** Attaches the engine's vCPU (domain builder). */
    public void attach(Vcpu v) {
        this.vcpu = v;
    }

    /** The current run state. */
    public synchronized VcpuRunState state() {
        return state;
    }

    /** True unless OFFLINE. */
    public synchronized boolean isUp() {
        return state != VcpuRunState.OFFLINE;
    }

    /**
     * Called by a hypercall worker before returning {@code EcallOutcome.BLOCK}: the vCPU
     * stays blocked until {@code condition} holds, an interrupt is pending, or
     * {@link CreditScheduler#wake} is called after it became true.
     */
    public synchronized void prepareBlock(BooleanSupplier condition) {
        this.blockCondition = condition;
    }

    synchronized boolean shouldStayBlocked() {
        if (wakePending) {
            return false;
        }
        Vcpu v = vcpu;
        if (v != null && v.hasWakeupPending()) {
            return false;
        }
        BooleanSupplier c = blockCondition;
        return c == null || !c.getAsBoolean();
    }

    // ---------------------------------------------------------------- timers

    /**
     * SBI set_timer (docs/abi.md §1): fire STIP at {@code time} CSR value {@code stime};
     * clears a pending STIP; all ones cancels.
     */
    public void setSbiTimer(long stime) {
        Vcpu v = vcpu;
        if (v != null) {
            v.setInterruptPending(Platform.SIP_STIP, false);
        }
        synchronized (this) {
            cancel(sbiTimer);
            sbiTimer = null;
            if (stime == -1L) {
                return;
            }
            if (stime < 0 || stime > (1L << 50) / Platform.NS_PER_TICK) {
                return; // unsigned-huge or ~13 days ahead: never fires, as good as cancelled
            }
            long delayNs = Math.max(0, stime * Platform.NS_PER_TICK - scheduler.clock().systemTimeNs());
            sbiTimer = scheduler.timers().schedule(this::sbiTimerFired, delayNs);
        }
    }

    private void sbiTimerFired() {
        Vcpu v = vcpu;
        if (v != null) {
            v.setInterruptPending(Platform.SIP_STIP, true);
        }
        scheduler.wake(this);
    }

    /**
     * set_timer_op / VCPUOP_set_singleshot_timer: send VIRQ_TIMER at system time
     * {@code deadlineNs}; 0 cancels; more than 2^50 ns ahead is clamped to now + 100 ms
     * (facts §1.3).
     */
    public void setXenTimer(long deadlineNs) {
        synchronized (this) {
            cancel(xenTimer);
            xenTimer = null;
            if (deadlineNs == 0) {
                return;
            }
            long now = scheduler.clock().systemTimeNs();
            long delay = deadlineNs - now;
            if (deadlineNs < 0 || delay > (1L << 50)) {
                delay = 100_000_000L;
            }
            xenTimer = scheduler.timers().schedule(this::xenTimerFired, Math.max(0, delay));
        }
    }

    private void xenTimerFired() {
        scheduler.virqSink().sendVirq(domain.domid, id, org.paravane.api.abi.Virq.TIMER);
        scheduler.wake(this);
    }

    /** Arms the sched_op poll timeout (absolute system time ns; 0 = none). */
    public void setPollTimeout(long deadlineNs) {
        synchronized (this) {
            cancel(pollTimer);
            pollTimer = null;
            pollTimedOut = false;
            if (deadlineNs == 0) {
                return;
            }
            long delay = Math.max(0, deadlineNs - scheduler.clock().systemTimeNs());
            pollTimer = scheduler.timers().schedule(() -> {
                pollTimedOut = true;
                scheduler.wake(this);
            }, delay);
        }
    }

    /** True once the last poll timeout expired. */
    public boolean pollTimedOut() {
        return pollTimedOut;
    }

    /** True when a set_timer_op timer is armed (tests, diagnostics). */
    public synchronized boolean xenTimerArmed() {
        return xenTimer != null && !xenTimer.isDone();
    }

    /** Cancels every timer of this vCPU (vCPU down, domain destroy). */
    public synchronized void cancelTimers() {
        cancel(sbiTimer);
        cancel(xenTimer);
        cancel(pollTimer);
        sbiTimer = null;
        xenTimer = null;
        pollTimer = null;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "d" + domain.domid + "v" + id;
    }
}
