// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants EVTCHNSTAT_* of docs/abi.md (generated). */
public final class EvtchnStat {

    private EvtchnStat() {
    }

    /** EVTCHNSTAT_closed */
    public static final int CLOSED = 0;

    /** EVTCHNSTAT_unbound */
    public static final int UNBOUND = 1;

    /** EVTCHNSTAT_interdomain */
    public static final int INTERDOMAIN = 2;

    /** EVTCHNSTAT_pirq */
    public static final int PIRQ = 3;

    /** EVTCHNSTAT_virq */
    public static final int VIRQ = 4;

    /** EVTCHNSTAT_ipi */
    public static final int IPI = 5;
}
