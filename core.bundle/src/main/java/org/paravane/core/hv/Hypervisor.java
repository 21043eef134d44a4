package org.paravane.core.hv;

import java.util.Objects;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.hypercall.Hypercalls;
import org.paravane.core.memory.MemoryBudget;
import org.paravane.core.policy.DefaultSecurityPolicy;
import org.paravane.core.sched.CreditScheduler;
import org.paravane.core.sched.GuestClock;
import org.paravane.core.sched.TimerService;

/**
 * The hypervisor core assembled from its parts (plain Java; the DS components publish it):
 * clock, timer thread, memory budget, credit scheduler, domain table with dom0, security
 * policy and hypercall dispatch. {@link #close()} destroys every domain and stops all threads.
 */
public final class Hypervisor implements AutoCloseable {

    private final GuestClock clock = new GuestClock();
    private final TimerService timers = new TimerService();
    private final MemoryBudget budget;
    private final CreditScheduler scheduler;
    private final DomainTable domains;
    private final DefaultSecurityPolicy policy = new DefaultSecurityPolicy();
    private final Hypercalls hypercalls;

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
    }

    /** Binds the CPU engine new domains' vCPUs are created on (null: none). */
    public void setEngine(VcpuEngine engine) {
        domains.setVcpuFactory(engine == null ? (d, c) -> null : hypercalls.factoryFor(engine));
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
        scheduler.close();
        timers.close();
    }
}
