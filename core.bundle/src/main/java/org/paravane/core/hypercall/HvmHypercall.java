package org.paravane.core.hypercall;

import org.paravane.api.abi.HvmOp;
import org.paravane.api.abi.HvmParam;
import org.paravane.api.abi.HvmParamLayout;
import org.paravane.core.domain.Domain;
import org.paravane.core.policy.Action;

/** hvm_op get_param / set_param (facts §1.3, docs/abi.md §4.4). */
final class HvmHypercall implements HypercallHandler {

    @Override
    public long call(CallContext ctx, long cmd, long arg, long a2, long a3, long a4) {
        if (cmd != HvmOp.GET_PARAM && cmd != HvmOp.SET_PARAM) {
            return Errno.ENOSYS;
        }
        GuestStruct p = GuestStruct.copyIn(ctx.memory(), arg, HvmParamLayout.SIZEOF);
        if (p == null) {
            return Errno.EFAULT;
        }
        int domid = ctx.resolve(p.u16(HvmParamLayout.DOMID));
        long index = p.u32(HvmParamLayout.INDEX);
        boolean get = cmd == HvmOp.GET_PARAM;
        if (!ctx.permits(get ? Action.HVM_GET_PARAM : Action.HVM_SET_PARAM, domid)) {
            return Errno.EPERM;
        }
        Domain d = ctx.domains().get(domid);
        if (d == null) {
            return Errno.ESRCH;
        }
        if (index >= HvmParam.NR) {
            return Errno.EINVAL;
        }
        if (get) {
            p.putU64(HvmParamLayout.VALUE, d.hvmParam((int) index));
            return p.copyOut(ctx.memory(), HvmParamLayout.VALUE, 8) ? 0 : Errno.EFAULT;
        }
        d.setHvmParam((int) index, p.u64(HvmParamLayout.VALUE));
        return 0;
    }
}
