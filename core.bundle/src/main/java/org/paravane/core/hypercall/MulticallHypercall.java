package org.paravane.core.hypercall;

import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.MulticallEntryLayout;
import org.paravane.api.abi.Platform;
import org.paravane.api.engine.EcallOutcome;

/**
 * multicall(entries, count): runs each 64-byte entry through the dispatcher and stores its
 * result in the entry (facts §1.2, docs/abi.md §4.7). Nested multicalls and blocking
 * operations are refused per entry; a STOP (shutdown) ends the batch.
 */
final class MulticallHypercall implements HypercallHandler {

    private final HypercallDispatcher dispatcher;

    MulticallHypercall(HypercallDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public long call(CallContext ctx, long entries, long count, long a2, long a3, long a4) {
        if (ctx.inMulticall()) {
            return Errno.EINVAL;
        }
        if (!ctx.permits(org.paravane.core.policy.Action.MULTICALL, ctx.callerId())) {
            return Errno.EPERM;
        }
        if (count < 0 || count > Platform.MAX_MULTICALL_ENTRIES) {
            return Errno.E2BIG;
        }
        if (!ctx.memory().isValid(entries, count * MulticallEntryLayout.SIZEOF)) {
            return Errno.EFAULT;
        }
        ctx.setInMulticall(true);
        try {
            for (int i = 0; i < count; i++) {
                long at = entries + (long) i * MulticallEntryLayout.SIZEOF;
                GuestStruct e = GuestStruct.copyIn(ctx.memory(), at, MulticallEntryLayout.SIZEOF);
                if (e == null) {
                    return Errno.EFAULT; // the guest ballooned the array away meanwhile
                }
                long op = e.u64(MulticallEntryLayout.OP);
                long result;
                if (op == Hypercall.MULTICALL) {
                    result = Errno.EINVAL;
                } else {
                    int a = MulticallEntryLayout.ARGS;
                    result = dispatcher.dispatch(ctx, op, e.u64(a), e.u64(a + 8), e.u64(a + 16), e.u64(a + 24),
                            e.u64(a + 32));
                }
                if (!ctx.memory().writeU64(at + MulticallEntryLayout.RESULT, result)) {
                    return Errno.EFAULT;
                }
                if (ctx.outcome() == EcallOutcome.STOP) {
                    break;
                }
            }
        } finally {
            ctx.setInMulticall(false);
        }
        return 0;
    }
}
