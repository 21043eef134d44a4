// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants EVTCHNOP_* of docs/abi.md (generated). */
public final class EvtchnOp {

    private EvtchnOp() {
    }

    /** EVTCHNOP_bind_interdomain */
    public static final int BIND_INTERDOMAIN = 0;

    /** EVTCHNOP_bind_virq */
    public static final int BIND_VIRQ = 1;

    /** EVTCHNOP_bind_pirq */
    public static final int BIND_PIRQ = 2;

    /** EVTCHNOP_close */
    public static final int CLOSE = 3;

    /** EVTCHNOP_send */
    public static final int SEND = 4;

    /** EVTCHNOP_status */
    public static final int STATUS = 5;

    /** EVTCHNOP_alloc_unbound */
    public static final int ALLOC_UNBOUND = 6;

    /** EVTCHNOP_bind_ipi */
    public static final int BIND_IPI = 7;

    /** EVTCHNOP_bind_vcpu */
    public static final int BIND_VCPU = 8;

    /** EVTCHNOP_unmask */
    public static final int UNMASK = 9;

    /** EVTCHNOP_reset */
    public static final int RESET = 10;

    /** EVTCHNOP_init_control */
    public static final int INIT_CONTROL = 11;

    /** EVTCHNOP_expand_array */
    public static final int EXPAND_ARRAY = 12;

    /** EVTCHNOP_set_priority */
    public static final int SET_PRIORITY = 13;
}
