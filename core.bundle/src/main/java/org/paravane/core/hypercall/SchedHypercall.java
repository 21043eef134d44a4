package org.paravane.core.hypercall;

import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SchedOp;
import org.paravane.api.abi.SchedPollLayout;
import org.paravane.api.abi.SchedRemoteShutdownLayout;
import org.paravane.api.abi.SchedShutdownLayout;
import org.paravane.api.abi.SchedWatchdogLayout;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.core.domain.Domain;
import org.paravane.core.policy.Action;
import org.paravane.core.sched.VcpuContext;

/** sched_op(cmd, arg) (facts §10.2, docs/abi.md §4.6) and set_timer_op(timeout). */
final class SchedHypercall implements HypercallHandler {

    @Override
    public long call(CallContext ctx, long cmd, long arg, long a2, long a3, long a4) {
        if (cmd == SchedOp.REMOTE_SHUTDOWN) {
            return remoteShutdown(ctx, arg);
        }
        if (!ctx.permits(Action.SCHED_SELF, ctx.callerId())) {
            return Errno.EPERM;
        }
        return switch ((int) Math.min(Math.max(cmd, -1), Integer.MAX_VALUE)) {
            case SchedOp.YIELD -> yieldCpu(ctx);
            case SchedOp.BLOCK -> block(ctx);
            case SchedOp.SHUTDOWN -> shutdown(ctx, arg);
            case SchedOp.POLL -> poll(ctx, arg);
            case SchedOp.SHUTDOWN_CODE -> shutdownCode(ctx, arg);
            case SchedOp.WATCHDOG -> watchdog(ctx, arg);
            default -> Errno.ENOSYS;
        };
    }

    private static long yieldCpu(CallContext ctx) {
        ctx.setOutcome(EcallOutcome.YIELD);
        return 0;
    }

    private static long block(CallContext ctx) {
        if (ctx.inMulticall()) {
            return Errno.EINVAL;
        }
        Domain d = ctx.caller();
        int id = ctx.vcpu().id();
        if (EventBits.upcallPending(d, id)) {
            return 0; // an event is waiting: do not sleep (facts §10.2)
        }
        ctx.vcpu().prepareBlock(() -> EventBits.upcallPending(d, id));
        ctx.setOutcome(EcallOutcome.BLOCK);
        return 0;
    }

    private static ShutdownReason reasonAt(CallContext ctx, long arg, int off, int size) {
        GuestStruct s = GuestStruct.copyIn(ctx.memory(), arg, size);
        return s == null ? null : ShutdownReason.ofCode(s.u32(off));
    }

    private static long shutdown(CallContext ctx, long arg) {
        GuestStruct s = GuestStruct.copyIn(ctx.memory(), arg, SchedShutdownLayout.SIZEOF);
        if (s == null) {
            return Errno.EFAULT;
        }
        ShutdownReason r = ShutdownReason.ofCode(s.u32(SchedShutdownLayout.REASON));
        if (r == null) {
            return Errno.EINVAL;
        }
        try {
            ctx.domains().shutdown(ctx.callerId(), r);
        } catch (DomainException e) {
            return Errno.EINVAL;
        }
        ctx.setOutcome(EcallOutcome.STOP);
        return 0;
    }

    private static long shutdownCode(CallContext ctx, long arg) {
        GuestStruct s = GuestStruct.copyIn(ctx.memory(), arg, SchedShutdownLayout.SIZEOF);
        if (s == null) {
            return Errno.EFAULT;
        }
        ShutdownReason r = ShutdownReason.ofCode(s.u32(SchedShutdownLayout.REASON));
        if (r == null) {
            return Errno.EINVAL;
        }
        ctx.caller().setPendingShutdownCode(r);
        return 0;
    }

    /** SCHEDOP_watchdog (facts §10.2): create (id 0), destroy (timeout 0) or poke. */
    private static long watchdog(CallContext ctx, long arg) {
        GuestStruct w = GuestStruct.copyIn(ctx.memory(), arg, SchedWatchdogLayout.SIZEOF);
        if (w == null) {
            return Errno.EFAULT;
        }
        long id = w.u32(SchedWatchdogLayout.ID);
        long timeoutNs = w.u32(SchedWatchdogLayout.TIMEOUT) * 1_000_000_000L;
        Domain d = ctx.caller();
        int domid = d.domid();
        org.paravane.core.domain.DomainTable table = ctx.domains();
        Runnable expiry = () -> {
            try {
                table.shutdown(domid, ShutdownReason.WATCHDOG);
            } catch (DomainException e) {
                // gone already
            }
        };
        java.util.function.BiFunction<Runnable, Long, java.util.concurrent.ScheduledFuture<?>> arm =
                (r, ns) -> table.scheduler().schedule(r, ns);
        if (id == 0) {
            int created = d.watchdogs().create(timeoutNs, expiry, arm);
            return created == 0 ? Errno.ENOSPC : created;
        }
        if (timeoutNs == 0) {
            return d.watchdogs().destroy(id) ? 0 : Errno.ENOENT;
        }
        return d.watchdogs().poke(id, timeoutNs, expiry, arm) ? 0 : Errno.ENOENT;
    }

    private static long remoteShutdown(CallContext ctx, long arg) {
        GuestStruct s = GuestStruct.copyIn(ctx.memory(), arg, SchedRemoteShutdownLayout.SIZEOF);
        if (s == null) {
            return Errno.EFAULT;
        }
        int target = ctx.resolve(s.u16(SchedRemoteShutdownLayout.DOMAIN_ID));
        ShutdownReason r = ShutdownReason.ofCode(s.u32(SchedRemoteShutdownLayout.REASON));
        if (!ctx.permits(Action.SCHED_REMOTE_SHUTDOWN, target)) {
            return Errno.EPERM;
        }
        if (r == null || target == 0) {
            return Errno.EINVAL;
        }
        if (ctx.domains().get(target) == null) {
            return Errno.ESRCH;
        }
        try {
            ctx.domains().shutdown(target, r);
        } catch (DomainException e) {
            return Errno.ESRCH;
        }
        if (target == ctx.callerId()) {
            ctx.setOutcome(EcallOutcome.STOP);
        }
        return 0;
    }

    private static long poll(CallContext ctx, long arg) {
        if (ctx.inMulticall()) {
            return Errno.EINVAL;
        }
        GuestStruct p = GuestStruct.copyIn(ctx.memory(), arg, SchedPollLayout.SIZEOF);
        if (p == null) {
            return Errno.EFAULT;
        }
        long portsGpa = p.u64(SchedPollLayout.PORTS);
        long n = p.u32(SchedPollLayout.NR_PORTS);
        long timeout = p.u64(SchedPollLayout.TIMEOUT);
        if (n > Platform.SCHED_POLL_MAX_PORTS) {
            return Errno.EINVAL;
        }
        GuestStruct list = GuestStruct.copyIn(ctx.memory(), portsGpa, (int) n * 4);
        if (list == null) {
            return Errno.EFAULT;
        }
        long[] ports = new long[(int) n];
        for (int i = 0; i < n; i++) {
            ports[i] = list.u32(i * 4);
            if (ports[i] >= Platform.NR_EVENT_CHANNELS) {
                return Errno.EINVAL;
            }
        }
        Domain d = ctx.caller();
        VcpuContext v = ctx.vcpu();
        if (anyPending(d, ports) || EventBits.upcallPending(d, v.id())) {
            return 0;
        }
        v.setPollTimeout(timeout);
        v.prepareBlock(() -> v.pollTimedOut() || anyPending(d, ports));
        ctx.setOutcome(EcallOutcome.BLOCK);
        return 0;
    }

    private static boolean anyPending(Domain d, long[] ports) {
        for (long port : ports) {
            if (EventBits.portPending(d, port)) {
                return true;
            }
        }
        return false;
    }

    /** set_timer_op(timeout_ns): the vCPU's single-shot VIRQ_TIMER (facts §1.3). */
    static final class SetTimer implements HypercallHandler {
        @Override
        public long call(CallContext ctx, long timeout, long a1, long a2, long a3, long a4) {
            if (!ctx.permits(Action.SCHED_SELF, ctx.callerId())) {
                return Errno.EPERM;
            }
            ctx.vcpu().setXenTimer(timeout);
            return 0;
        }
    }
}
