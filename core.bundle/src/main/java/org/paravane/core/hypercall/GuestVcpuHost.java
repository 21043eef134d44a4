package org.paravane.core.hypercall;

import org.paravane.api.abi.SbiExtension;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.GuestPhysicalMemory;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuHost;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.memory.GuestMemoryAccessor;
import org.paravane.core.policy.SecurityPolicy;
import org.paravane.core.sched.CreditScheduler;
import org.paravane.core.sched.VcpuContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VcpuHost} of one guest vCPU: decodes an {@code ecall} (docs/abi.md §1) as a Xen
 * hypercall (a7 = SBI_EXT_XEN, a6 = number, a0..a4, result in a0) or a standard SBI call
 * (a7 = extension, a6 = function, error in a0, value in a1).
 */
public final class GuestVcpuHost implements VcpuHost {

    private static final Logger LOG = LoggerFactory.getLogger(GuestVcpuHost.class);
    private static final int A0 = 10;
    private static final int A1 = 11;
    private static final int A6 = 16;
    private static final int A7 = 17;

    private final DomainTable domains;
    private final Domain domain;
    private final VcpuContext context;
    private final HypercallDispatcher dispatcher;
    private final SbiHandler sbi;
    private final SecurityPolicy policy;
    private final GuestMemoryAccessor access;

    GuestVcpuHost(DomainTable domains, Domain domain, VcpuContext context, HypercallDispatcher dispatcher,
            SbiHandler sbi, SecurityPolicy policy) {
        this.domains = domains;
        this.domain = domain;
        this.context = context;
        this.dispatcher = dispatcher;
        this.sbi = sbi;
        this.policy = policy;
        this.access = new GuestMemoryAccessor(domain.memory());
    }

    @Override
    public int domid() {
        return domain.domid();
    }

    @Override
    public GuestPhysicalMemory memory() {
        return domain.memory();
    }

    @Override
    public long timebaseHz() {
        return org.paravane.api.abi.Platform.TIMEBASE_HZ;
    }

    @Override
    public long timeNow() {
        return domains.scheduler().clockNow() / org.paravane.api.abi.Platform.NS_PER_TICK;
    }

    @Override
    public EcallOutcome environmentCall(Vcpu vcpu) {
        CallContext ctx = new CallContext(domains, domain, context, access, policy);
        long eid = vcpu.register(A7);
        try {
            if (eid == SbiExtension.XEN) {
                long r = dispatcher.dispatch(ctx, vcpu.register(A6), vcpu.register(A0), vcpu.register(A1),
                        vcpu.register(12), vcpu.register(13), vcpu.register(14));
                vcpu.setRegister(A0, r);
            } else {
                SbiHandler.SbiResult r = sbi.call(ctx, eid, vcpu.register(A6), vcpu.register(A0), vcpu.register(A1),
                        vcpu.register(12));
                vcpu.setRegister(A0, r.error());
                if (!r.legacy()) {
                    vcpu.setRegister(A1, r.value());
                }
            }
            acknowledgeUpcall(vcpu);
        } catch (RuntimeException e) {
            // A hypervisor bug must not take the host down or leak into the guest as an exception.
            dispatcher.recordInternalError();
            LOG.error("environment call of domain {} vCPU {} failed", domain.domid(), context.id(), e);
            vcpu.setRegister(A0, Errno.EINVAL);
        }
        return ctx.outcome();
    }

    /**
     * docs/abi.md §3: SEIP follows evtchn_upcall_pending, sampled at each ecall. Lower first,
     * then re-check, so that an event delivered in between is not lost (delivery sets the
     * flag before it raises SEIP).
     */
    private void acknowledgeUpcall(Vcpu vcpu) {
        java.lang.foreign.MemorySegment vi = domain.vcpuInfo(context.id());
        try {
            if (vi == null || vi.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) != 0) {
                return;
            }
            vcpu.setInterruptPending(org.paravane.api.abi.Platform.SIP_SEIP, false);
            if (vi.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) != 0) {
                vcpu.setInterruptPending(org.paravane.api.abi.Platform.SIP_SEIP, true);
            }
        } catch (IllegalStateException e) {
            // the domain's memory was released (it is being destroyed): nothing to acknowledge
        }
    }

    @Override
    public void reportCrash(Vcpu vcpu, String reason) {
        LOG.warn("domain {} vCPU {} crashed: {}\n{}", domain.domid(), context.id(), reason, vcpu.describeState());
    }

    /** The vCPU this host serves. */
    public VcpuContext context() {
        return context;
    }
}
