package org.paravane.core.hv;

import java.lang.foreign.MemorySegment;
import org.paravane.api.abi.Platform;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.domain.Domain;
import org.paravane.core.evtchn.EventHost;
import org.paravane.core.sched.CreditScheduler;
import org.paravane.core.sched.LatencyProbe;
import org.paravane.core.sched.VcpuContext;

/**
 * A guest domain as the event-channel core sees it: its hypervisor-owned shared_info page,
 * its vcpu_info areas, and the upcall: raising the supervisor external interrupt (sip bit 9)
 * on the vCPU and waking it (docs/abi.md §3). Never blocks; takes only the scheduler lock.
 */
final class DomainEventHost implements EventHost {

    private final Domain domain;
    private final CreditScheduler scheduler;

    DomainEventHost(Domain domain, CreditScheduler scheduler) {
        this.domain = domain;
        this.scheduler = scheduler;
    }

    @Override
    public MemorySegment sharedInfo() {
        return domain.sharedInfo();
    }

    @Override
    public MemorySegment vcpuInfo(int vcpu) {
        return domain.vcpuInfo(vcpu);
    }

    @Override
    public int vcpuCount() {
        return domain.vcpus().size();
    }

    @Override
    public void kick(int vcpu) {
        LatencyProbe.mark(LatencyProbe.KICK);
        VcpuContext v = domain.vcpu(vcpu);
        if (v == null) {
            return;
        }
        Vcpu cpu = v.vcpu();
        if (cpu != null) {
            cpu.setInterruptPending(Platform.SIP_SEIP, true);
        }
        scheduler.wake(v);
    }

    @Override
    public void wakePollers(int port) {
        // Each blocked vCPU's own condition (the polled ports, or upcall_pending for block) is
        // re-checked under the scheduler lock, so waking all is exact. A running vCPU is left
        // alone: that condition is read again when it blocks, and marking it wake-pending
        // (as kick does) would make its next block return at once, costing another slice.
        for (VcpuContext v : domain.vcpus()) {
            scheduler.wakeIfBlocked(v);
        }
    }
}
