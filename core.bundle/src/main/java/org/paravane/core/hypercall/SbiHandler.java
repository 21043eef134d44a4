package org.paravane.core.hypercall;

import org.paravane.api.abi.SbiConstants;
import org.paravane.api.abi.SbiExtension;
import org.paravane.api.abi.SbiFunction;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.policy.Action;
import org.paravane.core.sched.CreditScheduler;
import org.paravane.core.sched.VcpuContext;

/**
 * The standard SBI extensions Paravane answers (docs/abi.md §1): BASE, TIME, SRST, HSM and
 * the legacy set_timer, console putchar/getchar and shutdown. Results go to a0 (error) and
 * a1 (value); legacy calls return their value in a0.
 */
final class SbiHandler {

    /** An SBI result: error and value. */
    record SbiResult(long error, long value, boolean legacy) {
        static SbiResult ok(long value) {
            return new SbiResult(SbiConstants.SUCCESS, value, false);
        }

        static SbiResult err(long error) {
            return new SbiResult(error, 0, false);
        }

        static SbiResult legacy(long a0) {
            return new SbiResult(a0, 0, true);
        }
    }

    private final CreditScheduler scheduler;

    SbiHandler(CreditScheduler scheduler) {
        this.scheduler = scheduler;
    }

    SbiResult call(CallContext ctx, long eid, long fid, long a0, long a1, long a2) {
        if (eid == SbiExtension.BASE) {
            return base(fid, a0);
        }
        if (eid == SbiExtension.TIME) {
            return fid == SbiFunction.TIME_SET_TIMER ? setTimer(ctx, a0) : SbiResult.err(SbiConstants.ERR_NOT_SUPPORTED);
        }
        if (eid == SbiExtension.LEGACY_SET_TIMER) {
            return SbiResult.legacy(setTimer(ctx, a0).error());
        }
        if (eid == SbiExtension.LEGACY_CONSOLE_PUTCHAR) {
            return SbiResult.legacy(putchar(ctx, a0));
        }
        if (eid == SbiExtension.LEGACY_CONSOLE_GETCHAR) {
            return SbiResult.legacy(ctx.permits(Action.CONSOLE_WRITE, ctx.callerId())
                    ? ctx.caller().console().takeInputByte() : -1);
        }
        if (eid == SbiExtension.LEGACY_SHUTDOWN) {
            return SbiResult.legacy(shutdown(ctx, ShutdownReason.POWEROFF));
        }
        if (eid == SbiExtension.SRST) {
            return fid == SbiFunction.SRST_SYSTEM_RESET ? reset(ctx, a0, a1)
                    : SbiResult.err(SbiConstants.ERR_NOT_SUPPORTED);
        }
        if (eid == SbiExtension.HSM) {
            return hsm(ctx, fid, a0, a1, a2);
        }
        return SbiResult.err(SbiConstants.ERR_NOT_SUPPORTED);
    }

    static boolean isSupported(long eid) {
        return eid == SbiExtension.BASE || eid == SbiExtension.TIME || eid == SbiExtension.SRST
                || eid == SbiExtension.HSM || eid == SbiExtension.XEN || eid == SbiExtension.LEGACY_SET_TIMER
                || eid == SbiExtension.LEGACY_CONSOLE_PUTCHAR || eid == SbiExtension.LEGACY_CONSOLE_GETCHAR
                || eid == SbiExtension.LEGACY_SHUTDOWN;
    }

    private static SbiResult base(long fid, long a0) {
        return switch ((int) Math.min(Math.max(fid, -1), Integer.MAX_VALUE)) {
            case SbiFunction.BASE_GET_SPEC_VERSION -> SbiResult.ok(SbiConstants.SPEC_VERSION);
            case SbiFunction.BASE_GET_IMPL_ID -> SbiResult.ok(SbiConstants.IMPL_ID_PARAVANE);
            case SbiFunction.BASE_GET_IMPL_VERSION -> SbiResult.ok(SbiConstants.IMPL_VERSION);
            case SbiFunction.BASE_PROBE_EXTENSION -> SbiResult.ok(isSupported(a0) ? 1 : 0);
            case SbiFunction.BASE_GET_MVENDORID, SbiFunction.BASE_GET_MARCHID, SbiFunction.BASE_GET_MIMPID ->
                SbiResult.ok(0);
            default -> SbiResult.err(SbiConstants.ERR_NOT_SUPPORTED);
        };
    }

    private static SbiResult setTimer(CallContext ctx, long stime) {
        if (!ctx.permits(Action.SCHED_SELF, ctx.callerId())) {
            return SbiResult.err(SbiConstants.ERR_DENIED);
        }
        ctx.vcpu().setSbiTimer(stime);
        return SbiResult.ok(0);
    }

    private static long putchar(CallContext ctx, long ch) {
        if (!ctx.permits(Action.CONSOLE_WRITE, ctx.callerId())) {
            return SbiConstants.ERR_DENIED;
        }
        byte[] b = {(byte) ch};
        if (!ctx.caller().privileged()) {
            ConsoleIoHypercall.filter(b, 1);
        }
        ctx.caller().console().write(b, 0, 1);
        return 0;
    }

    private static long shutdown(CallContext ctx, ShutdownReason r) {
        if (!ctx.permits(Action.SCHED_SELF, ctx.callerId())) {
            return SbiConstants.ERR_DENIED;
        }
        try {
            ctx.domains().shutdown(ctx.callerId(), r);
        } catch (DomainException e) {
            return SbiConstants.ERR_FAILED;
        }
        ctx.setOutcome(EcallOutcome.STOP);
        return 0;
    }

    private static SbiResult reset(CallContext ctx, long type, long reason) {
        ShutdownReason r;
        if (type == SbiConstants.SRST_TYPE_SHUTDOWN) {
            ShutdownReason code = ctx.caller().pendingShutdownCode();
            r = reason == SbiConstants.SRST_REASON_SYSTEM_FAILURE ? ShutdownReason.CRASH
                    : code != null ? code : ShutdownReason.POWEROFF;
        } else if (type == SbiConstants.SRST_TYPE_COLD_REBOOT || type == SbiConstants.SRST_TYPE_WARM_REBOOT) {
            r = ShutdownReason.REBOOT;
        } else {
            return SbiResult.err(SbiConstants.ERR_INVALID_PARAM);
        }
        long rc = shutdown(ctx, r);
        return rc == 0 ? SbiResult.ok(0) : SbiResult.err(rc);
    }

    private SbiResult hsm(CallContext ctx, long fid, long hartid, long startAddr, long opaque) {
        if (!ctx.permits(Action.VCPU_OP, ctx.callerId())) {
            return SbiResult.err(SbiConstants.ERR_DENIED);
        }
        if (fid == SbiFunction.HSM_HART_STOP) {
            scheduler.down(ctx.vcpu());
            ctx.setOutcome(EcallOutcome.STOP);
            return SbiResult.ok(0);
        }
        VcpuContext v = ctx.caller().vcpu(hartid);
        if (fid == SbiFunction.HSM_HART_GET_STATUS) {
            return v == null ? SbiResult.err(SbiConstants.ERR_INVALID_PARAM)
                    : SbiResult.ok(v.isUp() ? SbiConstants.HSM_STATE_STARTED : SbiConstants.HSM_STATE_STOPPED);
        }
        if (fid != SbiFunction.HSM_HART_START) {
            return SbiResult.err(SbiConstants.ERR_NOT_SUPPORTED);
        }
        if (v == null || v.vcpu() == null) {
            return SbiResult.err(SbiConstants.ERR_INVALID_PARAM);
        }
        if (!ctx.memory().isValid(startAddr, 4)) {
            return SbiResult.err(SbiConstants.ERR_INVALID_ADDRESS);
        }
        synchronized (v) {
            if (v.isUp()) {
                return SbiResult.err(SbiConstants.ERR_ALREADY_AVAILABLE);
            }
            Vcpu cpu = v.vcpu();
            cpu.setPc(startAddr);
            cpu.setRegister(10, hartid);
            cpu.setRegister(11, opaque);
        }
        scheduler.up(v);
        return SbiResult.ok(0);
    }
}
