package org.paravane.core.evtchn;

/**
 * The hypervisor-internal state of one port (facts §2.1, Xen's ECS_*), with the public
 * EVTCHNSTAT_* value the status operation reports for it.
 */
public enum ChannelState {
    /** Not in use; reported as closed. */
    FREE(0),
    /** Port 0: never handed out; reported as closed. */
    RESERVED(0),
    /** Allocated, waiting for one named remote domain to bind. */
    UNBOUND(1),
    /** Connected to a port of another (or the same) domain. */
    INTERDOMAIN(2),
    /** Bound to a virtual IRQ. */
    VIRQ(4),
    /** Intra-domain IPI channel. */
    IPI(5);

    private final int publicStatus;

    ChannelState(int publicStatus) {
        this.publicStatus = publicStatus;
    }

    /** The EVTCHNSTAT_* value of this state. */
    public int publicStatus() {
        return publicStatus;
    }
}
