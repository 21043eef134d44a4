package org.paravane.core.evtchn;

import java.lang.foreign.MemorySegment;
import org.paravane.core.sched.LatencyProbe;

/**
 * 2-level event delivery into a domain's shared memory, exactly as facts §2.5 describes
 * Xen's evtchn_2l_set_pending and vcpu_mark_events_pending. Lock-free on the shared words
 * (the guest updates them concurrently); callers hold the lock that keeps the port bound.
 */
final class TwoLevelDelivery {

    private TwoLevelDelivery() {
    }

    /**
     * Set pending, in Xen's order: test-and-set the pending bit (already set: stop, events
     * are edges); if the port is not masked, test-and-set the selector bit and on a 0→1
     * transition mark the vCPU events-pending; finally wake pollers of the port.
     */
    static void setPending(DomainPorts d, int port) {
        MemorySegment si = d.host.sharedInfo();
        if (TwoLevelBitmaps.testAndSetPending(si, port)) {
            return;
        }
        LatencyProbe.mark(LatencyProbe.PENDING_SET);
        if (!TwoLevelBitmaps.isMasked(si, port)) {
            raiseSelector(d, d.notifyVcpu[port], port);
        }
        d.host.wakePollers(port);
    }

    /** Selector bit port/64 on {@code vcpu}; on a 0→1 transition, mark events pending. */
    static void raiseSelector(DomainPorts d, int vcpu, int port) {
        MemorySegment vi = d.host.vcpuInfo(vcpu);
        if (!TwoLevelBitmaps.usableVcpuInfo(vi)) {
            return;
        }
        if (!TwoLevelBitmaps.testAndSetSelector(vi, port >>> 6)) {
            // vcpu_mark_events_pending: only the 0→1 edge of upcall_pending kicks.
            if (!TwoLevelBitmaps.testAndSetUpcallPending(vi)) {
                d.host.kick(vcpu);
            }
        }
    }
}
