// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants HVM_PARAM_* of docs/abi.md (generated). */
public final class HvmParam {

    private HvmParam() {
    }

    /** HVM_PARAM_CALLBACK_IRQ */
    public static final int CALLBACK_IRQ = 0;

    /** HVM_PARAM_STORE_PFN */
    public static final int STORE_PFN = 1;

    /** HVM_PARAM_STORE_EVTCHN */
    public static final int STORE_EVTCHN = 2;

    /** HVM_PARAM_CONSOLE_PFN */
    public static final int CONSOLE_PFN = 17;

    /** HVM_PARAM_CONSOLE_EVTCHN */
    public static final int CONSOLE_EVTCHN = 18;

    /** HVM_PARAM_NR: Paravane stores indices 0..38 */
    public static final int NR = 39;
}
