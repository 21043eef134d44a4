// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XEN_* of docs/abi.md (generated). */
public final class XenErrno {

    private XenErrno() {
    }

    /** XEN_EPERM */
    public static final int EPERM = 1;

    /** XEN_ENOENT */
    public static final int ENOENT = 2;

    /** XEN_ESRCH */
    public static final int ESRCH = 3;

    /** XEN_EINTR */
    public static final int EINTR = 4;

    /** XEN_EIO */
    public static final int EIO = 5;

    /** XEN_ENXIO */
    public static final int ENXIO = 6;

    /** XEN_E2BIG */
    public static final int E2BIG = 7;

    /** XEN_ENOEXEC */
    public static final int ENOEXEC = 8;

    /** XEN_EBADF */
    public static final int EBADF = 9;

    /** XEN_ECHILD */
    public static final int ECHILD = 10;

    /** XEN_EAGAIN */
    public static final int EAGAIN = 11;

    /** XEN_ENOMEM */
    public static final int ENOMEM = 12;

    /** XEN_EACCES */
    public static final int EACCES = 13;

    /** XEN_EFAULT */
    public static final int EFAULT = 14;

    /** XEN_EBUSY */
    public static final int EBUSY = 16;

    /** XEN_EEXIST */
    public static final int EEXIST = 17;

    /** XEN_EXDEV */
    public static final int EXDEV = 18;

    /** XEN_ENODEV */
    public static final int ENODEV = 19;

    /** XEN_ENOTDIR */
    public static final int ENOTDIR = 20;

    /** XEN_EISDIR */
    public static final int EISDIR = 21;

    /** XEN_EINVAL */
    public static final int EINVAL = 22;

    /** XEN_ENFILE */
    public static final int ENFILE = 23;

    /** XEN_EMFILE */
    public static final int EMFILE = 24;

    /** XEN_ENOSPC */
    public static final int ENOSPC = 28;

    /** XEN_EROFS */
    public static final int EROFS = 30;

    /** XEN_EMLINK */
    public static final int EMLINK = 31;

    /** XEN_EDOM */
    public static final int EDOM = 33;

    /** XEN_ERANGE */
    public static final int ERANGE = 34;

    /** XEN_EDEADLK */
    public static final int EDEADLK = 35;

    /** XEN_ENAMETOOLONG */
    public static final int ENAMETOOLONG = 36;

    /** XEN_ENOLCK */
    public static final int ENOLCK = 37;

    /** XEN_ENOSYS */
    public static final int ENOSYS = 38;

    /** XEN_ENOTEMPTY */
    public static final int ENOTEMPTY = 39;

    /** XEN_ENODATA */
    public static final int ENODATA = 61;

    /** XEN_ETIME */
    public static final int ETIME = 62;

    /** XEN_EBADMSG */
    public static final int EBADMSG = 74;

    /** XEN_EOVERFLOW */
    public static final int EOVERFLOW = 75;

    /** XEN_EILSEQ */
    public static final int EILSEQ = 84;

    /** XEN_ERESTART */
    public static final int ERESTART = 85;

    /** XEN_ENOTSOCK */
    public static final int ENOTSOCK = 88;

    /** XEN_EMSGSIZE */
    public static final int EMSGSIZE = 90;

    /** XEN_EOPNOTSUPP */
    public static final int EOPNOTSUPP = 95;

    /** XEN_EADDRINUSE */
    public static final int EADDRINUSE = 98;

    /** XEN_EADDRNOTAVAIL */
    public static final int EADDRNOTAVAIL = 99;

    /** XEN_ENOBUFS */
    public static final int ENOBUFS = 105;

    /** XEN_EISCONN */
    public static final int EISCONN = 106;

    /** XEN_ENOTCONN */
    public static final int ENOTCONN = 107;

    /** XEN_ETIMEDOUT */
    public static final int ETIMEDOUT = 110;

    /** XEN_ECONNREFUSED */
    public static final int ECONNREFUSED = 111;
}
