package org.paravane.core.evtchn;

/**
 * Result of EVTCHNOP_status (facts §2.1).
 *
 * @param error      0, or a negative Xen errno (then the other fields are 0)
 * @param status     EVTCHNSTAT_* value
 * @param vcpu       the vCPU notified
 * @param remoteDom  unbound: the domain allowed to bind; interdomain: the peer domain
 * @param remotePort interdomain: the peer port
 * @param virq       VIRQ number of a virq port
 */
public record PortInfo(int error, int status, int vcpu, int remoteDom, int remotePort, int virq) {

    /** A failed status query. */
    public static PortInfo failure(int negativeErrno) {
        return new PortInfo(negativeErrno, 0, 0, 0, 0, 0);
    }
}
