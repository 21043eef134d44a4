package org.paravane.api.vbd;

/**
 * The backend device's state (docs/blkif.md has the transition table). The xenbus state and
 * the event channel stay up through {@link #SUSPENDED}.
 */
public enum VbdState {
    /** Storage open, waiting for the frontend to publish its ring (xenbus InitWait). */
    CONNECTING,
    /** Ring connected, requests are served. */
    RUNNING,
    /** The block backend serving the format went away: requests are parked until one returns. */
    SUSPENDED,
    /** The backend threw or hung: requests were answered with errors, the device is closing. */
    FAILED,
    /** Detached; terminal. */
    CLOSED
}
