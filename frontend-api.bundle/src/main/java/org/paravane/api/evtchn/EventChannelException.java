package org.paravane.api.evtchn;

/**
 * An event-channel operation failed with a Xen errno (facts §1.4): EINVAL for a bad port,
 * ESRCH for a missing domain, EPERM when the policy forbids it, ENOSPC when no port is free,
 * and so on — the same code a guest would get.
 */
public class EventChannelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno   the positive Xen errno
     * @param message what failed, with the values involved
     */
    public EventChannelException(int errno, String message) {
        super(message + " (Xen errno " + errno + ")");
        this.errno = errno;
    }

    /** The positive Xen errno. */
    public int errno() {
        return errno;
    }
}
