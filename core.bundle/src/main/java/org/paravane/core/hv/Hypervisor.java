package org.paravane.core.hv;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.paravane.api.abi.Virq;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainListener;
import org.paravane.core.evtchn.Dom0EventChannels;
import org.paravane.core.evtchn.EventChannelHypercall;
import org.paravane.core.evtchn.EventChannels;
import org.paravane.core.grant.Dom0GrantService;
import org.paravane.core.grant.GrantTableHypercall;
import org.paravane.core.grant.GrantTables;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.hypercall.GrantFrameSource;
import org.paravane.core.hypercall.Hypercalls;
import org.paravane.core.memory.MemoryBudget;
import org.paravane.core.policy.DefaultSecurityPolicy;
import org.paravane.core.sched.CreditScheduler;
import org.paravane.core.sched.GuestClock;
import org.paravane.core.sched.TimerService;

/**
 * The hypervisor core assembled from its parts (plain Java; the DS components publish it):
 * clock, timer thread, memory budget, credit scheduler, domain table with dom0, security
 * policy, hypercall dispatch, event channels and grant tables (coreb's subsystems, wired to
 * every domain's life cycle). {@link #close()} destroys every domain and stops all threads.
 */
public final class Hypervisor implements AutoCloseable {

    private final GuestClock clock = new GuestClock();
    private final TimerService timers = new TimerService();
    private final MemoryBudget budget;
    private final CreditScheduler scheduler;
    private final DomainTable domains;
    private final DefaultSecurityPolicy policy = new DefaultSecurityPolicy();
    private final Hypercalls hypercalls;
    private final EventChannels events;
    private final GrantTables grants;
    private final ExecutorService dom0Events;
    private final Dom0EventChannels dom0EventChannels;
    private final Dom0GrantService dom0Grants;
    private final EventChannelHypercall eventChannelOp;
    private final GrantTableHypercall grantTableOp;
    private final HypervisorLog log = new HypervisorLog();
    private final long bootMillis = System.currentTimeMillis();

    /** Starts a hypervisor with dom0 (memory and vCPU count as reported for the JVM). */
    public Hypervisor(HypervisorConfig config) {
        Objects.requireNonNull(config, "config");
        this.budget = new MemoryBudget(config.memoryBudgetBytes());
        this.scheduler = new CreditScheduler(config.schedulerThreads(), config.sliceInstructions(), clock, timers);
        this.domains = new DomainTable(budget, scheduler);
        this.hypercalls = new Hypercalls(domains, policy);
        domains.addReleaseHook(d -> policy.forgetDomain(d.domid()));
        Runtime rt = Runtime.getRuntime();
        domains.createDom0(rt.maxMemory() / 1024, rt.availableProcessors());
        log.log("Paravane hypervisor " + org.paravane.api.abi.Platform.VERSION_MAJOR + "." + org.paravane.api.abi.Platform.VERSION_MINOR
                + org.paravane.core.hypercall.XenVersionHypercall.EXTRAVERSION + ": " + config.schedulerThreads()
                + " scheduler thread(s), " + config.memoryBudgetBytes() / (1024 * 1024) + " MiB for guests");

        // Event channels and grant tables (docs/evtchn-grant.md): every domU gets a port table
        // over its shared_info / vcpu_info and a grant table; destroy releases both before
        // the domain's memory goes (release hooks run before the arena closes).
        this.events = new EventChannels(policy);
        this.grants = new GrantTables(new DomainGrantHost(domains), policy);
        domains.addListener(new DomainListener() {
            @Override
            public void created(Domain d) {
                events.createDomain(d.domid(), new DomainEventHost(d, scheduler));
                grants.createDomain(d.domid());
                // docs/abi.md §5: VIRQ_CONSOLE tells a domain that input reached its console.
                d.console().setInputListener(() -> events.sendVirq(d.domid(), Virq.CONSOLE, 0));
                log.log("d" + d.domid() + ": created '" + d.name() + "', " + d.config().memoryKiB() + " KiB, "
                        + d.config().vcpus() + " vCPU(s)");
            }

            @Override
            public void shutDown(Domain d) {
                log.log("d" + d.domid() + ": shut down, reason " + d.shutdownReason());
                events.sendGlobalVirq(Virq.DOM_EXC); // xenstored / toolstack learn of it (facts §2.3)
            }

            @Override
            public void destroyed(Domain d) {
                log.log("d" + d.domid() + ": destroyed");
                events.sendGlobalVirq(Virq.DOM_EXC);
            }
        });
        domains.addReleaseHook(d -> {
            grants.destroyDomain(d.domid());
            events.destroyDomain(d.domid());
        });
        scheduler.setVirqSink((domid, vcpu, virq) -> events.sendVirq(domid, virq, vcpu));
        this.eventChannelOp = new EventChannelHypercall(events);
        this.grantTableOp = new GrantTableHypercall(grants);
        hypercalls.routeEventChannels(eventChannelOp.handler());
        org.paravane.core.hypercall.HypercallHandler gnttab = grantTableOp.handler();
        hypercalls.routeGrantTables((ctx, cmd, args, count, a3, a4) ->
                // docs/abi.md §6: no continuations, so a batch is bounded (no thread hogging).
                Integer.toUnsignedLong((int) count) > org.paravane.api.abi.Platform.MAX_GNTTAB_BATCH
                        ? -org.paravane.api.abi.XenErrno.E2BIG
                        : gnttab.call(ctx, cmd, args, count, a3, a4), new GrantFrameSource() {
            @Override
            public java.lang.foreign.MemorySegment grantFrame(int domid, long idx) {
                return grants.tableFrame(domid, idx);
            }

            @Override
            public void frameMapped(int domid, long idx, long gfn) {
                grants.noteTableFrameMapped(domid, (int) idx, gfn);
            }
        });
        hypercalls.setMemoryEvents(new org.paravane.core.hypercall.MemoryEvents() {
            @Override
            public void vcpuInfoMoved(int domid, int vcpu) {
                events.vcpuInfoMoved(domid, vcpu);
            }

            @Override
            public boolean isFramePinned(int domid, long gfn) {
                return grants.isFramePinned(domid, gfn);
            }
        });
        dom0Events = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "paravane-dom0-events");
            t.setDaemon(true);
            return t;
        });
        dom0EventChannels = new Dom0EventChannels(events, 1, dom0Events);
        dom0EventChannels.register();
        grants.createDomain(0);
        dom0Grants = new Dom0GrantService(grants);
    }

    /**
     * Hypercalls that failed inside the hypervisor (a bug, never the guest's fault): the core
     * dispatcher's contained exceptions plus event_channel_op's and grant_table_op's.
     */
    public long internalErrors() {
        return hypercalls.dispatcher().internalErrors() + eventChannelOp.unexpectedFailures()
                + grantTableOp.unexpectedFailures();
    }

    /** The event channels of every domain. */
    public EventChannels events() {
        return events;
    }

    /** The grant tables of every domain. */
    public GrantTables grants() {
        return grants;
    }

    /** dom0's event channels, as the Java service backends use. */
    public Dom0EventChannels dom0EventChannels() {
        return dom0EventChannels;
    }

    /** dom0's grant mapping service for Java backends. */
    public Dom0GrantService dom0Grants() {
        return dom0Grants;
    }

    /** Binds the CPU engine new domains' vCPUs are created on (null: none). */
    public void setEngine(VcpuEngine engine) {
        domains.setVcpuFactory(engine == null ? (d, c) -> null : hypercalls.factoryFor(engine));
    }

    /** The hypervisor's message ring ({@code xl dmesg}). */
    public HypervisorLog log() {
        return log;
    }

    /** When this hypervisor started, in milliseconds since the epoch. */
    public long bootMillis() {
        return bootMillis;
    }

    /** The domain table. */
    public DomainTable domains() {
        return domains;
    }

    /** The scheduler. */
    public CreditScheduler scheduler() {
        return scheduler;
    }

    /** The security policy. */
    public DefaultSecurityPolicy policy() {
        return policy;
    }

    /** Hypercall dispatch. */
    public Hypercalls hypercalls() {
        return hypercalls;
    }

    /** The memory budget. */
    public MemoryBudget budget() {
        return budget;
    }

    /** The timer thread. */
    public TimerService timers() {
        return timers;
    }

    /** The guest clock. */
    public GuestClock clock() {
        return clock;
    }

    @Override
    public void close() {
        domains.destroyAll();
        dom0EventChannels.close();
        grants.destroyDomain(0);
        dom0Events.shutdownNow();
        try {
            dom0Events.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.close();
        timers.close();
    }
}
