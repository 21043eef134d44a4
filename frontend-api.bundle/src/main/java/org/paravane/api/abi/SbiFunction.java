// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants SBI_FN_* of docs/abi.md (generated). */
public final class SbiFunction {

    private SbiFunction() {
    }

    /** SBI_FN_BASE_GET_SPEC_VERSION: returns (major &lt;&lt; 24) | minor */
    public static final int BASE_GET_SPEC_VERSION = 0;

    /** SBI_FN_BASE_GET_IMPL_ID */
    public static final int BASE_GET_IMPL_ID = 1;

    /** SBI_FN_BASE_GET_IMPL_VERSION */
    public static final int BASE_GET_IMPL_VERSION = 2;

    /** SBI_FN_BASE_PROBE_EXTENSION */
    public static final int BASE_PROBE_EXTENSION = 3;

    /** SBI_FN_BASE_GET_MVENDORID */
    public static final int BASE_GET_MVENDORID = 4;

    /** SBI_FN_BASE_GET_MARCHID */
    public static final int BASE_GET_MARCHID = 5;

    /** SBI_FN_BASE_GET_MIMPID */
    public static final int BASE_GET_MIMPID = 6;

    /** SBI_FN_TIME_SET_TIMER */
    public static final int TIME_SET_TIMER = 0;

    /** SBI_FN_SRST_SYSTEM_RESET */
    public static final int SRST_SYSTEM_RESET = 0;

    /** SBI_FN_HSM_HART_START */
    public static final int HSM_HART_START = 0;

    /** SBI_FN_HSM_HART_STOP */
    public static final int HSM_HART_STOP = 1;

    /** SBI_FN_HSM_HART_GET_STATUS */
    public static final int HSM_HART_GET_STATUS = 2;

    /** SBI_FN_HSM_HART_SUSPEND */
    public static final int HSM_HART_SUSPEND = 3;
}
