package org.paravane.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.paravane.api.abi.DomId;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.DomainException.Kind;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.memory.GuestMemory;
import org.paravane.core.memory.MemoryBudget;
import org.paravane.core.memory.OutOfGuestMemoryException;
import org.paravane.core.sched.CreditScheduler;
import org.paravane.core.sched.SchedDomain;
import org.paravane.core.sched.VcpuContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hypervisor's table of live domains: 16-bit domids below DOMID_FIRST_RESERVED
 * (0x7FF0) handed out round-robin as Xen does, unique names, and the life-cycle operations
 * (create, pause, unpause, shutdown, destroy, recreate) checked against
 * {@link DomainTransitions}. Destroy releases everything: vCPUs and timers (scheduler),
 * subsystem state (release hooks, in reverse order of registration) and memory.
 */
public final class DomainTable {

    private static final Logger LOG = LoggerFactory.getLogger(DomainTable.class);

    /** Name Xen's toolstacks give the control domain. */
    public static final String DOM0_NAME = "Domain-0";
    /** Largest vCPU count per domain. */
    public static final int MAX_VCPUS = 64;

    private final MemoryBudget budget;
    private final CreditScheduler scheduler;
    private final ConcurrentSkipListMap<Integer, Domain> domains = new ConcurrentSkipListMap<>();
    private final List<DomainReleaseHook> releaseHooks = new CopyOnWriteArrayList<>();
    private final List<DomainListener> listeners = new CopyOnWriteArrayList<>();
    private volatile VcpuFactory vcpuFactory = (d, c) -> null;
    private int nextDomid = 1;
    /** Unix time in ns at system time 0 (docs/abi.md §3), for shared_info's wallclock. */
    private final long wallclockOrigin;

    /** A table charging guest memory to {@code budget} and scheduling on {@code scheduler}. */
    public DomainTable(MemoryBudget budget, CreditScheduler scheduler) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        scheduler.setExitHandler((v, reason) -> crashed(v, reason));
        java.time.Instant now = java.time.Instant.now();
        this.wallclockOrigin = now.getEpochSecond() * 1_000_000_000L + now.getNano() - scheduler.clockNow();
    }

    /** The host memory budget. */
    public MemoryBudget budget() {
        return budget;
    }

    /** The scheduler. */
    public CreditScheduler scheduler() {
        return scheduler;
    }

    /** Sets how vCPUs of new domains get their engine vCPU. */
    public void setVcpuFactory(VcpuFactory factory) {
        this.vcpuFactory = Objects.requireNonNull(factory, "factory");
    }

    /** Registers a release hook (called on destroy, last registered first). */
    public void addReleaseHook(DomainReleaseHook hook) {
        releaseHooks.add(Objects.requireNonNull(hook, "hook"));
    }

    /** Removes a release hook. */
    public void removeReleaseHook(DomainReleaseHook hook) {
        releaseHooks.remove(hook);
    }

    /** Adds a life-cycle listener. */
    public void addListener(DomainListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    /** Removes a life-cycle listener. */
    public void removeListener(DomainListener l) {
        listeners.remove(l);
    }

    // ---------------------------------------------------------------- queries

    /** A live domain. */
    public Optional<Domain> domain(int domid) {
        return Optional.ofNullable(domains.get(domid));
    }

    /** A live domain or null (hot path). */
    public Domain get(int domid) {
        return domains.get(domid);
    }

    /** A live domain, or DomainException NO_SUCH_DOMAIN. */
    public Domain require(int domid) {
        Domain d = domains.get(domid);
        if (d == null) {
            throw new DomainException(Kind.NO_SUCH_DOMAIN, "no live domain with id " + domid);
        }
        return d;
    }

    /** Every live domain, by domid. */
    public List<DomainInfo> list() {
        List<DomainInfo> out = new ArrayList<>();
        for (Domain d : domains.values()) {
            out.add(d.info());
        }
        return out;
    }

    /** One live domain. */
    public Optional<DomainInfo> info(int domid) {
        return domain(domid).map(Domain::info);
    }

    /** A live domain by name. */
    public Optional<Domain> byName(String name) {
        return domains.values().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Number of live domains (dom0 included). */
    public int size() {
        return domains.size();
    }

    // ---------------------------------------------------------------- creation

    /**
     * Creates dom0: domid 0, privileged, RUNNING (dom0 is the JVM itself and never runs on
     * the CPU engine), nil UUID as in Xen; no guest memory, no vCPUs.
     */
    public synchronized DomainInfo createDom0(long memoryKiB, int vcpus) {
        if (domains.containsKey(0)) {
            throw new IllegalStateException("dom0 exists already: it is unique");
        }
        DomainConfig cfg = new DomainConfig(DOM0_NAME, new UUID(0, 0), memoryKiB, memoryKiB, vcpus,
                DomainConfig.DEFAULT_WEIGHT, 0);
        Domain dom0 = new Domain(0, cfg.uuid(), DOM0_NAME, cfg, true, null, null);
        dom0.setState(DomainState.RUNNING);
        domains.put(0, dom0);
        return dom0.info();
    }

    /** Creates a domU, PAUSED, with memory and offline vCPUs. */
    public Domain create(DomainConfig config) {
        validate(config);
        Domain d;
        synchronized (this) {
            if (byName(config.name()).isPresent()) {
                throw new DomainException(Kind.NAME_IN_USE, "a live domain is already called '" + config.name() + "'");
            }
            int domid = allocateDomid();
            UUID uuid = config.uuid() != null ? config.uuid() : UUID.randomUUID();
            GuestMemory mem;
            try {
                mem = new GuestMemory(domid, budget, config.memoryKiB() / 4, config.maxMemoryKiB() / 4);
            } catch (OutOfGuestMemoryException e) {
                throw new DomainException(Kind.OUT_OF_MEMORY, "cannot create domain '" + config.name() + "': "
                        + e.getMessage());
            }
            SchedDomain sd;
            try {
                sd = scheduler.addDomain(domid, config.vcpus(), config.weight(), config.cap());
                d = new Domain(domid, uuid, config.name(), config, false, mem, sd);
            } catch (RuntimeException e) {
                mem.close();
                throw e;
            }
            GuestTimeInfo.writeWallclock(d.sharedInfo(), wallclockOrigin);
            domains.put(domid, d);
        }
        try {
            for (VcpuContext c : d.vcpus()) {
                c.attach(vcpuFactory.create(d, c));
            }
        } catch (RuntimeException e) {
            destroy(d.domid());
            throw e;
        }
        for (DomainListener l : listeners) {
            safely(() -> l.created(d));
        }
        return d;
    }

    private static void validate(DomainConfig c) {
        if (c == null) {
            throw new DomainException(Kind.INVALID_CONFIG, "no domain configuration given");
        }
        String n = c.name();
        if (n == null || n.isEmpty() || n.length() > 64 || !n.chars().allMatch(ch -> ch > 0x20 && ch < 0x7F)) {
            throw new DomainException(Kind.INVALID_CONFIG, "domain name must be 1..64 printable ASCII characters"
                    + " without spaces, was '" + n + "'");
        }
        if (n.equals(DOM0_NAME)) {
            throw new DomainException(Kind.NAME_IN_USE, "the name " + DOM0_NAME + " belongs to dom0");
        }
        if (c.memoryKiB() < 4 || c.memoryKiB() % 4 != 0 || c.maxMemoryKiB() < c.memoryKiB()
                || c.maxMemoryKiB() % 4 != 0 || c.maxMemoryKiB() > (1L << 31)) {
            throw new DomainException(Kind.INVALID_CONFIG, "memory must be a positive multiple of 4 KiB and at most"
                    + " max memory (<= 2 TiB): memory " + c.memoryKiB() + " KiB, max " + c.maxMemoryKiB() + " KiB");
        }
        if (c.vcpus() < 1 || c.vcpus() > MAX_VCPUS) {
            throw new DomainException(Kind.INVALID_CONFIG, "vcpus must be 1.." + MAX_VCPUS + ", was " + c.vcpus());
        }
        if (c.weight() < 1 || c.weight() > 65535 || c.cap() < 0 || c.cap() > 100 * MAX_VCPUS) {
            throw new DomainException(Kind.INVALID_CONFIG, "weight must be 1..65535 and cap 0..6400, were "
                    + c.weight() + " and " + c.cap());
        }
    }

    /** Round-robin over 1..0x7FEF, skipping live ids (Xen's domid allocation). */
    private int allocateDomid() {
        for (int i = 0; i < DomId.FIRST_RESERVED - 1; i++) {
            int id = nextDomid;
            nextDomid = nextDomid + 1 >= DomId.FIRST_RESERVED ? 1 : nextDomid + 1;
            if (!domains.containsKey(id)) {
                return id;
            }
        }
        throw new DomainException(Kind.NO_DOMID_LEFT, "all " + (DomId.FIRST_RESERVED - 1) + " domids are in use");
    }

    // ---------------------------------------------------------------- life cycle

    private Domain requireDomU(int domid, String op) {
        Domain d = require(domid);
        if (d.domid() == 0) {
            throw new DomainException(Kind.NOT_PERMITTED, "cannot " + op + " dom0: it is the host itself");
        }
        return d;
    }

    /** PAUSED → RUNNING. */
    public void unpause(int domid) {
        Domain d = requireDomU(domid, "unpause");
        synchronized (d) {
            DomainTransitions.check(domid, "unpause", d.storedState(), DomainState.RUNNING);
            d.setState(DomainState.RUNNING);
        }
        scheduler.unpause(d.sched());
    }

    /** RUNNING/BLOCKED → PAUSED; no vCPU runs once this returns. */
    public void pause(int domid) {
        Domain d = requireDomU(domid, "pause");
        synchronized (d) {
            DomainTransitions.check(domid, "pause", d.state(), DomainState.PAUSED);
            d.setState(DomainState.PAUSED);
        }
        scheduler.pause(d.sched());
    }

    /**
     * Shuts a domain down: every vCPU stops (a vCPU calling this from a hypercall stops when
     * the call returns STOP), resources stay until destroy, listeners (VIRQ_DOM_EXC) are told.
     *
     * @return false when the domain was already shut down, dying or dead (idempotent for guests)
     */
    public boolean shutdown(int domid, ShutdownReason reason) {
        Objects.requireNonNull(reason, "reason");
        Domain d = requireDomU(domid, "shut down");
        synchronized (d) {
            DomainState s = d.storedState();
            if (s == DomainState.SHUTDOWN || s == DomainState.DYING || s == DomainState.DEAD) {
                return false;
            }
            DomainTransitions.check(domid, "shut down", s, DomainState.SHUTDOWN);
            d.setState(DomainState.SHUTDOWN);
            d.setShutdownReason(reason);
        }
        scheduler.pause(d.sched());
        for (VcpuContext v : d.vcpus()) {
            scheduler.down(v);
        }
        d.watchdogs().cancelAll();
        LOG.info("{} shut down: {}", d, reason);
        for (DomainListener l : listeners) {
            safely(() -> l.shutDown(d));
        }
        return true;
    }

    /** Called by the scheduler when a vCPU crashed: the domain shuts down with CRASH. */
    private void crashed(VcpuContext v, String reason) {
        LOG.warn("domain {} vCPU {} crashed: {}", v.domid(), v.id(), reason);
        Domain d = domains.get(v.domid());
        if (d != null && d.domid() != 0) {
            try {
                shutdown(d.domid(), ShutdownReason.CRASH);
            } catch (DomainException e) {
                LOG.debug("crash of {} after it ended: {}", d, e.getMessage());
            }
        }
    }

    /**
     * Destroys a domain from any live state: DYING, vCPUs stopped and timers cancelled,
     * release hooks run, memory freed, DEAD and removed from the table.
     */
    public void destroy(int domid) {
        Domain d = requireDomU(domid, "destroy");
        synchronized (d) {
            DomainTransitions.check(domid, "destroy", d.storedState(), DomainState.DYING);
            d.setState(DomainState.DYING);
        }
        release(d);
    }

    private void release(Domain d) {
        d.watchdogs().cancelAll();
        if (d.sched() != null) {
            scheduler.removeDomain(d.sched());
        }
        List<DomainReleaseHook> hooks = new ArrayList<>(releaseHooks);
        for (int i = hooks.size() - 1; i >= 0; i--) {
            DomainReleaseHook h = hooks.get(i);
            safely(() -> h.release(d));
        }
        if (d.memory() != null) {
            d.memory().close();
        }
        synchronized (d) {
            d.setState(DomainState.DEAD);
        }
        domains.remove(d.domid(), d);
        for (DomainListener l : listeners) {
            safely(() -> l.destroyed(d));
        }
    }

    /** Destroys a domain and creates a new one with the same configuration and a new domid. */
    public Domain recreate(int domid) {
        Domain old = requireDomU(domid, "recreate");
        DomainConfig cfg = old.config();
        destroy(domid);
        return create(new DomainConfig(cfg.name(), cfg.uuid() == null ? old.uuid() : cfg.uuid(), cfg.memoryKiB(),
                cfg.maxMemoryKiB(), cfg.vcpus(), old.sched().weight(), old.sched().cap()));
    }

    /** Sets scheduler weight and cap. */
    public void setSchedulerParams(int domid, int weight, int cap) {
        Domain d = requireDomU(domid, "tune");
        try {
            scheduler.setParams(d.sched(), weight, cap);
        } catch (IllegalArgumentException e) {
            throw new DomainException(Kind.INVALID_CONFIG, e.getMessage());
        }
    }

    /** Sets the balloon target of a domain, in KiB (clamped to its maximum). */
    public void setMemoryTarget(int domid, long targetKiB) {
        Domain d = requireDomU(domid, "set the memory target of");
        if (targetKiB < 0) {
            throw new DomainException(Kind.INVALID_CONFIG, "memory target must not be negative, was " + targetKiB);
        }
        d.memory().setTargetFrames(targetKiB / 4);
    }

    /** Removes every domain (host shutdown); returns how many there were. */
    public int destroyAll() {
        int n = 0;
        for (Domain d : new ArrayList<>(domains.values())) {
            n++;
            if (d.domid() == 0) {
                domains.remove(0);
                continue;
            }
            synchronized (d) {
                if (d.storedState() == DomainState.DYING || d.storedState() == DomainState.DEAD) {
                    continue;
                }
                d.setState(DomainState.DYING);
            }
            release(d);
        }
        return n;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("domain hook or listener failed", e);
        }
    }
}
