// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct evtchn_status of docs/abi.md (generated; little-endian). */
public final class EvtchnStatusLayout {

    private EvtchnStatusLayout() {
    }

    /** sizeof(struct evtchn_status) in bytes. */
    public static final int SIZEOF = 24;

    /** u16 dom */
    public static final int DOM = 0;

    /** u32 port */
    public static final int PORT = 4;

    /** u32 status: EVTCHNSTAT_* */
    public static final int STATUS = 8;

    /** u32 vcpu */
    public static final int VCPU = 12;

    /** u16 unbound_dom: union: unbound */
    public static final int UNBOUND_DOM = 16;

    /** u16 interdomain_dom: union: interdomain */
    public static final int INTERDOMAIN_DOM = 16;

    /** u32 interdomain_port */
    public static final int INTERDOMAIN_PORT = 20;

    /** u32 pirq: union: pirq */
    public static final int PIRQ = 16;

    /** u32 virq: union: virq */
    public static final int VIRQ = 16;
}
