package org.paravane.core.hypercall;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SharedInfoLayout;
import org.paravane.api.abi.VcpuInfoLayout;
import org.paravane.core.domain.Domain;

/**
 * Read-only looks at the 2-level event state in shared memory (facts §2.4), for the wake
 * conditions of sched_op block and poll. Lock-free: they run under the scheduler's lock.
 */
final class EventBits {

    private EventBits() {
    }

    /** evtchn_upcall_pending of the vCPU's vcpu_info is set. */
    static boolean upcallPending(Domain d, int vcpu) {
        MemorySegment vi = d.vcpuInfo(vcpu);
        try {
            return vi != null && vi.get(ValueLayout.JAVA_BYTE, VcpuInfoLayout.EVTCHN_UPCALL_PENDING) != 0;
        } catch (IllegalStateException e) {
            return true; // memory released: wake so the vCPU notices it is going away
        }
    }

    /** Port {@code port} is pending in shared_info (masked or not). */
    static boolean portPending(Domain d, long port) {
        MemorySegment si = d.sharedInfo();
        if (si == null || port < 0 || port >= Platform.NR_EVENT_CHANNELS) {
            return false;
        }
        try {
            long word = si.get(ValueLayout.JAVA_LONG, SharedInfoLayout.EVTCHN_PENDING + 8 * (port / 64));
            return (word & (1L << (port % 64))) != 0;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
