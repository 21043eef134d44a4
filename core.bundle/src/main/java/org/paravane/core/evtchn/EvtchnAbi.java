package org.paravane.core.evtchn;

/**
 * Numbers this package needs from the guest ABI (facts §1.4, §2). Private until the
 * generated constants of docs/abi.md are merged; then the references move there.
 */
final class EvtchnAbi {
    private EvtchnAbi() {
    }

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ENOSYS = 38;

    static final int DOMID_SELF = 0x7FF0;

    static final int NR_VIRQS = 24;
    static final int NR_EVENT_CHANNELS = 4096;

    static final int OP_BIND_INTERDOMAIN = 0;
    static final int OP_BIND_VIRQ = 1;
    static final int OP_BIND_PIRQ = 2;
    static final int OP_CLOSE = 3;
    static final int OP_SEND = 4;
    static final int OP_STATUS = 5;
    static final int OP_ALLOC_UNBOUND = 6;
    static final int OP_BIND_IPI = 7;
    static final int OP_BIND_VCPU = 8;
    static final int OP_UNMASK = 9;
    static final int OP_RESET = 10;
}
