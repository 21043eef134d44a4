package org.paravane.core.hypercall;

import org.paravane.api.abi.DomId;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.policy.Action;
import org.paravane.core.policy.SecurityPolicy;
import org.paravane.core.sched.VcpuContext;

/**
 * One hypercall in progress: the calling domain and vCPU, the caller's memory as
 * {@link GuestMemoryAccess}, the policy, and how the vCPU continues afterwards
 * ({@link #outcome()}). Created per environment call; never shared between threads.
 */
public final class CallContext {

    private final DomainTable domains;
    private final Domain caller;
    private final VcpuContext vcpu;
    private final GuestMemoryAccess memory;
    private final SecurityPolicy policy;
    private EcallOutcome outcome = EcallOutcome.CONTINUE;
    private boolean inMulticall;

    /** A call by {@code vcpu} of {@code caller}. */
    public CallContext(DomainTable domains, Domain caller, VcpuContext vcpu, GuestMemoryAccess memory,
            SecurityPolicy policy) {
        this.domains = domains;
        this.caller = caller;
        this.vcpu = vcpu;
        this.memory = memory;
        this.policy = policy;
    }

    /** The domain table. */
    public DomainTable domains() {
        return domains;
    }

    /** The calling domain. */
    public Domain caller() {
        return caller;
    }

    /** The calling domain's id. */
    public int callerId() {
        return caller.domid();
    }

    /** The calling vCPU. */
    public VcpuContext vcpu() {
        return vcpu;
    }

    /** The engine's vCPU of the caller (registers). */
    public Vcpu cpu() {
        return vcpu.vcpu();
    }

    /** The caller's memory (guest-physical, populated RAM only). */
    public GuestMemoryAccess memory() {
        return memory;
    }

    /** The policy. */
    public SecurityPolicy policy() {
        return policy;
    }

    /** True when the policy lets the caller do {@code action} on {@code target}. */
    public boolean permits(Action action, int target) {
        return policy.permits(caller.domid(), action, target);
    }

    /** A guest-supplied domid with DOMID_SELF resolved to the caller; other values unchanged (masked to 16 bits). */
    public int resolve(long domid) {
        int d = (int) (domid & 0xFFFF);
        return d == DomId.SELF ? caller.domid() : d;
    }

    /** How the vCPU continues. */
    public EcallOutcome outcome() {
        return outcome;
    }

    /** Sets how the vCPU continues (BLOCK, YIELD, STOP). STOP is never downgraded. */
    public void setOutcome(EcallOutcome o) {
        if (outcome != EcallOutcome.STOP) {
            outcome = o;
        }
    }

    /** True while running the entries of a multicall (blocking is refused there). */
    public boolean inMulticall() {
        return inMulticall;
    }

    void setInMulticall(boolean on) {
        inMulticall = on;
    }
}
