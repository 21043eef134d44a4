package org.paravane.api.domain;

/** Why a domain shut down: Xen's SHUTDOWN_* codes (xen/include/public/sched.h). */
public enum ShutdownReason {
    POWEROFF(0),
    REBOOT(1),
    SUSPEND(2),
    CRASH(3),
    WATCHDOG(4),
    SOFT_RESET(5);

    private final int code;

    ShutdownReason(int code) {
        this.code = code;
    }

    /** The SHUTDOWN_* number a guest passes to sched_op(shutdown). */
    public int code() {
        return code;
    }

    /** The reason for a SHUTDOWN_* number, or {@code null} when the number is not one. */
    public static ShutdownReason ofCode(long code) {
        for (ShutdownReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
