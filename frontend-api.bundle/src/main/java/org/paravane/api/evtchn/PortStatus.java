package org.paravane.api.evtchn;

/**
 * What EVTCHNOP_status reports for one port.
 *
 * @param state       the port's state
 * @param vcpu        the vCPU notified
 * @param remoteDomid {@link PortState#UNBOUND}: the domain allowed to bind;
 *                    {@link PortState#INTERDOMAIN}: the peer; otherwise 0
 * @param remotePort  {@link PortState#INTERDOMAIN}: the peer's port; otherwise 0
 * @param virq        {@link PortState#VIRQ}: the VIRQ number; otherwise 0
 */
public record PortStatus(PortState state, int vcpu, int remoteDomid, int remotePort, int virq) {
}
