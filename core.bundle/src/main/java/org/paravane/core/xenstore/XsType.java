package org.paravane.core.xenstore;

/**
 * XenStore message types and their wire numbers ({@code xsd_sockmsg_type}, xen-abi-facts
 * §8.2). Numbers without a constant here (20, 23, 24, anything above 26) are answered ENOSYS.
 */
public enum XsType {
    CONTROL(0), DIRECTORY(1), READ(2), GET_PERMS(3), WATCH(4), UNWATCH(5),
    TRANSACTION_START(6), TRANSACTION_END(7), INTRODUCE(8), RELEASE(9), GET_DOMAIN_PATH(10),
    WRITE(11), MKDIR(12), RM(13), SET_PERMS(14), WATCH_EVENT(15), ERROR(16),
    IS_DOMAIN_INTRODUCED(17), RESUME(18), SET_TARGET(19), RESET_WATCHES(21),
    DIRECTORY_PART(22), GET_QUOTA(25), SET_QUOTA(26);

    private static final XsType[] BY_NUMBER = new XsType[32];

    static {
        for (XsType t : values()) {
            BY_NUMBER[t.number] = t;
        }
    }

    private final int number;

    XsType(int number) {
        this.number = number;
    }

    /** The wire number. */
    public int number() {
        return number;
    }

    /** The type for a wire number, or {@code null} if this daemon does not know it. */
    public static XsType of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}
