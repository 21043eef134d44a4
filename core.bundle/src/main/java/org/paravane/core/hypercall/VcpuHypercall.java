package org.paravane.core.hypercall;

import java.lang.foreign.MemorySegment;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.RegisterVcpuInfoLayout;
import org.paravane.api.abi.SingleshotTimerLayout;
import org.paravane.api.abi.VcpuInfoLayout;
import org.paravane.api.abi.VcpuOp;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.core.domain.Domain;
import org.paravane.core.policy.Action;
import org.paravane.core.sched.CreditScheduler;
import org.paravane.core.sched.VcpuContext;

/** vcpu_op(cmd, vcpuid, arg) on the caller's own vCPUs (facts §1.3, docs/abi.md §4.5). */
final class VcpuHypercall implements HypercallHandler {

    private final CreditScheduler scheduler;
    private final java.util.function.Supplier<MemoryEvents> events;

    VcpuHypercall(CreditScheduler scheduler, java.util.function.Supplier<MemoryEvents> events) {
        this.scheduler = scheduler;
        this.events = events;
    }

    @Override
    public long call(CallContext ctx, long cmd, long vcpuid, long arg, long a3, long a4) {
        if (!ctx.permits(Action.VCPU_OP, ctx.callerId())) {
            return Errno.EPERM;
        }
        VcpuContext v = ctx.caller().vcpu(vcpuid);
        if (v == null) {
            return Errno.ENOENT;
        }
        return switch ((int) Math.min(Math.max(cmd, -1), Integer.MAX_VALUE)) {
            case VcpuOp.UP -> up(v);
            case VcpuOp.DOWN -> down(ctx, v);
            case VcpuOp.IS_UP -> v.isUp() ? 1 : 0;
            case VcpuOp.REGISTER_VCPU_INFO -> registerVcpuInfo(ctx, v, arg);
            case VcpuOp.SET_SINGLESHOT_TIMER -> singleshot(ctx, v, arg);
            case VcpuOp.STOP_SINGLESHOT_TIMER -> {
                v.setXenTimer(0);
                yield 0;
            }
            default -> Errno.ENOSYS;
        };
    }

    private long up(VcpuContext v) {
        if (v.vcpu() == null) {
            return Errno.EINVAL; // no engine vCPU to run
        }
        scheduler.up(v);
        return 0;
    }

    private long down(CallContext ctx, VcpuContext v) {
        scheduler.down(v);
        if (v == ctx.vcpu()) {
            ctx.setOutcome(EcallOutcome.STOP);
        }
        return 0;
    }

    private long registerVcpuInfo(CallContext ctx, VcpuContext v, long arg) {
        GuestStruct r = GuestStruct.copyIn(ctx.memory(), arg, RegisterVcpuInfoLayout.SIZEOF);
        if (r == null) {
            return Errno.EFAULT;
        }
        long mfn = r.u64(RegisterVcpuInfoLayout.MFN);
        long offset = r.u32(RegisterVcpuInfoLayout.OFFSET);
        if (offset > Platform.PAGE_SIZE - VcpuInfoLayout.SIZEOF || (offset & 7) != 0
                || mfn < 0 || mfn > (Long.MAX_VALUE >> Platform.PAGE_SHIFT)) {
            return Errno.EINVAL; // must not cross a page (facts §1.3) and must be 8-byte aligned
        }
        long gpa = (mfn << Platform.PAGE_SHIFT) + offset;
        if (!ctx.memory().isValid(gpa, VcpuInfoLayout.SIZEOF)) {
            return Errno.EINVAL;
        }
        Domain d = ctx.caller();
        synchronized (d) {
            MemorySegment old = d.vcpuInfo(v.id());
            byte[] copy;
            if (old == null) {
                MemorySegment fresh = MemorySegment.ofArray(new byte[VcpuInfoLayout.SIZEOF]);
                org.paravane.core.domain.GuestTimeInfo.writeVcpuTime(fresh);
                copy = fresh.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            } else {
                copy = old.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            }
            if (d.vcpuInfoGpa(v.id()) >= 0) {
                return Errno.EINVAL; // once per vCPU
            }
            if (!ctx.memory().write(gpa, copy, 0, copy.length)) {
                return Errno.EFAULT;
            }
            d.registerVcpuInfo(v.id(), gpa);
        }
        events.get().vcpuInfoMoved(d.domid(), v.id());
        return 0;
    }

    private static long singleshot(CallContext ctx, VcpuContext v, long arg) {
        GuestStruct t = GuestStruct.copyIn(ctx.memory(), arg, SingleshotTimerLayout.SIZEOF);
        if (t == null) {
            return Errno.EFAULT;
        }
        long deadline = t.u64(SingleshotTimerLayout.TIMEOUT_ABS_NS);
        long flags = t.u32(SingleshotTimerLayout.FLAGS);
        if ((flags & VcpuOp.SSHOTTMR_FUTURE) != 0 && deadline < ctx.domains().scheduler().clockNow()) {
            return Errno.ETIME;
        }
        v.setXenTimer(deadline == 0 ? 1 : deadline);
        return 0;
    }
}
