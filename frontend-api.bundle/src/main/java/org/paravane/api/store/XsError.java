package org.paravane.api.store;

import java.util.Optional;

/**
 * The errors XenStore returns, in the order of the {@code xsd_errors} table of
 * {@code xs_wire.h} (xen-abi-facts §8.3), with Xen's errno values (§1.4). On the wire an
 * error is sent as its name followed by a NUL, never as a number.
 */
public enum XsError {
    EINVAL(22), EACCES(13), EEXIST(17), EISDIR(21), ENOENT(2), ENOMEM(12), ENOSPC(28),
    EIO(5), ENOTEMPTY(39), ENOSYS(38), EROFS(30), EBUSY(16), EAGAIN(11), EISCONN(106),
    E2BIG(7), EPERM(1);

    private final int errno;

    XsError(int errno) {
        this.errno = errno;
    }

    /** Xen's (x86 Linux) errno value of this error. */
    public int errno() {
        return errno;
    }

    /** The error with the given wire name, e.g. {@code "ENOENT"}. */
    public static Optional<XsError> byName(String name) {
        for (XsError e : values()) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
