package org.paravane.core.hypercall;

import org.paravane.api.abi.XenErrno;

/** Negated Xen errno values as hypercall results (docs/abi.md §4). */
final class Errno {
    static final long EPERM = -XenErrno.EPERM;
    static final long ENOENT = -XenErrno.ENOENT;
    static final long ESRCH = -XenErrno.ESRCH;
    static final long E2BIG = -XenErrno.E2BIG;
    static final long ENOMEM = -XenErrno.ENOMEM;
    static final long EFAULT = -XenErrno.EFAULT;
    static final long EBUSY = -XenErrno.EBUSY;
    static final long EEXIST = -XenErrno.EEXIST;
    static final long EINVAL = -XenErrno.EINVAL;
    static final long ENOSYS = -XenErrno.ENOSYS;
    static final long ENOSPC = -XenErrno.ENOSPC;
    static final long ENODATA = -XenErrno.ENODATA;
    static final long ETIME = -XenErrno.ETIME;

    private Errno() {
    }
}
