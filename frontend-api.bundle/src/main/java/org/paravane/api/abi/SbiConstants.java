// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants SBI_* of docs/abi.md (generated). */
public final class SbiConstants {

    private SbiConstants() {
    }

    /** SBI_SUCCESS */
    public static final int SUCCESS = 0;

    /** SBI_ERR_FAILED */
    public static final int ERR_FAILED = -1;

    /** SBI_ERR_NOT_SUPPORTED */
    public static final int ERR_NOT_SUPPORTED = -2;

    /** SBI_ERR_INVALID_PARAM */
    public static final int ERR_INVALID_PARAM = -3;

    /** SBI_ERR_DENIED */
    public static final int ERR_DENIED = -4;

    /** SBI_ERR_INVALID_ADDRESS */
    public static final int ERR_INVALID_ADDRESS = -5;

    /** SBI_ERR_ALREADY_AVAILABLE */
    public static final int ERR_ALREADY_AVAILABLE = -6;

    /** SBI_ERR_ALREADY_STARTED */
    public static final int ERR_ALREADY_STARTED = -7;

    /** SBI_ERR_ALREADY_STOPPED */
    public static final int ERR_ALREADY_STOPPED = -8;

    /** SBI_SPEC_VERSION: SBI v2.0 */
    public static final int SPEC_VERSION = 0x2000000;

    /** SBI_IMPL_ID_PARAVANE: Paravane: not a registered SBI implementation ID */
    public static final int IMPL_ID_PARAVANE = 0x50564E;

    /** SBI_IMPL_VERSION: Paravane 1.0 */
    public static final int IMPL_VERSION = 0x10000;

    /** SBI_SRST_TYPE_SHUTDOWN */
    public static final int SRST_TYPE_SHUTDOWN = 0;

    /** SBI_SRST_TYPE_COLD_REBOOT */
    public static final int SRST_TYPE_COLD_REBOOT = 1;

    /** SBI_SRST_TYPE_WARM_REBOOT */
    public static final int SRST_TYPE_WARM_REBOOT = 2;

    /** SBI_SRST_REASON_NONE */
    public static final int SRST_REASON_NONE = 0;

    /** SBI_SRST_REASON_SYSTEM_FAILURE */
    public static final int SRST_REASON_SYSTEM_FAILURE = 1;

    /** SBI_HSM_STATE_STARTED */
    public static final int HSM_STATE_STARTED = 0;

    /** SBI_HSM_STATE_STOPPED */
    public static final int HSM_STATE_STOPPED = 1;

    /** SBI_HSM_STATE_START_PENDING */
    public static final int HSM_STATE_START_PENDING = 2;

    /** SBI_HSM_STATE_STOP_PENDING */
    public static final int HSM_STATE_STOP_PENDING = 3;

    /** SBI_TIMER_CANCEL: stime value (all ones) that cancels the timer */
    public static final int TIMER_CANCEL = -1;
}
