package org.paravane.api.evtchn;

/** The public state of a port (EVTCHNSTAT_*, Xen's event_channel.h). */
public enum PortState {
    /** Free. */
    CLOSED(0),
    /** Allocated, waiting for the named remote domain to bind. */
    UNBOUND(1),
    /** Connected to a port of another domain. */
    INTERDOMAIN(2),
    /** Bound to a physical IRQ (not provided by Paravane). */
    PIRQ(3),
    /** Bound to a virtual IRQ. */
    VIRQ(4),
    /** Intra-domain IPI. */
    IPI(5);

    private final int code;

    PortState(int code) {
        this.code = code;
    }

    /** The EVTCHNSTAT_* value. */
    public int code() {
        return code;
    }

    /** The state for an EVTCHNSTAT_* value. */
    public static PortState of(int code) {
        for (PortState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no EVTCHNSTAT value " + code);
    }
}
