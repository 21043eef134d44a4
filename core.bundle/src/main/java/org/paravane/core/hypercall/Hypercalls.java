package org.paravane.core.hypercall;

import java.util.Objects;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.api.engine.VcpuHost;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.policy.SecurityPolicy;
import org.paravane.core.sched.VcpuContext;

/**
 * Hypercall dispatch, assembled: the per-subsystem handlers routed in one
 * {@link HypercallDispatcher}, the SBI handler, and {@link VcpuHost}s for new vCPUs.
 * event_channel_op (32) and grant_table_op (20) are routed by {@link #routeEventChannels}
 * and {@link #routeGrantTables}; until then they return -ENOSYS.
 */
public final class Hypercalls {

    private final DomainTable domains;
    private final SecurityPolicy policy;
    private final HypercallDispatcher dispatcher = new HypercallDispatcher();
    private final SbiHandler sbi;
    private final MemoryHypercall memory = new MemoryHypercall();
    private volatile MemoryEvents memoryEvents = MemoryEvents.NONE;

    /** Dispatch over {@code domains} checked by {@code policy}. */
    public Hypercalls(DomainTable domains, SecurityPolicy policy) {
        this.domains = Objects.requireNonNull(domains, "domains");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sbi = new SbiHandler(domains.scheduler());
        dispatcher.route(Hypercall.XEN_VERSION, new XenVersionHypercall());
        dispatcher.route(Hypercall.CONSOLE_IO, new ConsoleIoHypercall());
        dispatcher.route(Hypercall.MEMORY_OP, memory);
        memory.setMemoryEvents(() -> memoryEvents);
        dispatcher.route(Hypercall.HVM_OP, new HvmHypercall());
        dispatcher.route(Hypercall.VCPU_OP, new VcpuHypercall(domains.scheduler(), () -> memoryEvents));
        dispatcher.route(Hypercall.SCHED_OP, new SchedHypercall());
        dispatcher.route(Hypercall.SET_TIMER_OP, new SchedHypercall.SetTimer());
        dispatcher.route(Hypercall.MULTICALL, new MulticallHypercall(dispatcher));
        // The acknowledgement itself happens after every call (GuestVcpuHost); this is the no-op carrier.
        dispatcher.route(Hypercall.PARAVANE_UPCALL_ACK, (ctx, a0, a1, a2, a3, a4) ->
                ctx.permits(org.paravane.core.policy.Action.UPCALL_ACK, ctx.callerId()) ? 0 : -org.paravane.api.abi.XenErrno.EPERM);
    }

    /** The dispatcher (tests, statistics). */
    public HypercallDispatcher dispatcher() {
        return dispatcher;
    }

    /** Routes event_channel_op (32) to the event-channel subsystem. */
    public void routeEventChannels(HypercallHandler handler) {
        dispatcher.route(Hypercall.EVENT_CHANNEL_OP, handler);
    }

    /** Routes grant_table_op (20) to the grant-table subsystem, and its frames to add_to_physmap. */
    public void routeGrantTables(HypercallHandler handler, GrantFrameSource frames) {
        dispatcher.route(Hypercall.GRANT_TABLE_OP, handler);
        memory.setGrantFrames(Objects.requireNonNull(frames, "frames"));
    }

    /** Connects the event-channel and grant-table subsystems' memory hooks. */
    public void setMemoryEvents(MemoryEvents events) {
        this.memoryEvents = Objects.requireNonNull(events, "events");
    }

    /** The VcpuHost for vCPU {@code context} of {@code domain}. */
    public VcpuHost hostFor(Domain domain, VcpuContext context) {
        return new GuestVcpuHost(domains, domain, context, dispatcher, sbi, policy);
    }

    /** A VcpuFactory creating engine vCPUs on {@code engine} with hosts from this dispatch. */
    public org.paravane.core.domain.VcpuFactory factoryFor(VcpuEngine engine) {
        return (d, c) -> engine.createVcpu(hostFor(d, c), c.id());
    }
}
