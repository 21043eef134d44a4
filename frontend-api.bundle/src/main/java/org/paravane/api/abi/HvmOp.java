// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants HVMOP_* of docs/abi.md (generated). */
public final class HvmOp {

    private HvmOp() {
    }

    /** HVMOP_set_param */
    public static final int SET_PARAM = 0;

    /** HVMOP_get_param */
    public static final int GET_PARAM = 1;
}
