package org.paravane.core.domain;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.UUID;
import org.paravane.api.abi.HvmParam;
import org.paravane.api.abi.SharedInfoLayout;
import org.paravane.api.abi.VcpuInfoLayout;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.memory.GuestMemory;
import org.paravane.core.sched.SchedDomain;
import org.paravane.core.sched.VcpuContext;
import org.paravane.core.sched.VcpuRunState;

/**
 * One domain: identity, life-cycle state, memory, vCPUs, HVM parameters, console and the
 * hypervisor-owned shared_info page. Created and destroyed only by {@link DomainTable};
 * state changes go through {@link DomainTransitions}.
 */
public final class Domain {

    private final int domid;
    private final UUID uuid;
    private final String name;
    private final DomainConfig config;
    private final boolean privileged;
    private final GuestMemory memory;
    private final SchedDomain sched;
    private final ConsoleLog console = new ConsoleLog();
    private final Watchdogs watchdogs = new Watchdogs();
    private final long[] hvmParams = new long[HvmParam.NR];
    private final MemorySegment sharedInfo;
    /** Registered vcpu_info addresses (-1 = none). Lock-free: read under the scheduler's lock. */
    private final java.util.concurrent.atomic.AtomicLongArray vcpuInfoGpa;
    private DomainState state = DomainState.PAUSED;
    private ShutdownReason shutdownReason;
    private ShutdownReason pendingShutdownCode;
    /** Wall-clock creation time: xl uptime counts from it. */
    private final long startMillis = System.currentTimeMillis();

    Domain(int domid, UUID uuid, String name, DomainConfig config, boolean privileged, GuestMemory memory,
            SchedDomain sched) {
        this.domid = domid;
        this.uuid = uuid;
        this.name = name;
        this.config = config;
        this.privileged = privileged;
        this.memory = memory;
        this.sched = sched;
        this.sharedInfo = memory == null ? null : memory.allocateFrame();
        this.vcpuInfoGpa = new java.util.concurrent.atomic.AtomicLongArray(config.vcpus());
        for (int i = 0; i < config.vcpus(); i++) {
            vcpuInfoGpa.set(i, -1);
        }
        if (sharedInfo != null) {
            GuestTimeInfo.writeVcpuTime(sharedInfo.asSlice(SharedInfoLayout.VCPU_INFO0, VcpuInfoLayout.SIZEOF));
        }
        // Events arrive as the supervisor external interrupt (docs/abi.md §3): type 2, value = sip bit.
        hvmParams[HvmParam.CALLBACK_IRQ] = (2L << 56) | org.paravane.api.abi.Platform.SIP_SEIP;
    }

    /** The 16-bit domain id. */
    public int domid() {
        return domid;
    }

    /** The domain handle. */
    public UUID uuid() {
        return uuid;
    }

    /** The unique name. */
    public String name() {
        return name;
    }

    /** When the domain was created, in milliseconds since the epoch. */
    public long startMillis() {
        return startMillis;
    }

    /** The configuration it was created with. */
    public DomainConfig config() {
        return config;
    }

    /** True for dom0. */
    public boolean privileged() {
        return privileged;
    }

    /** Guest-physical memory; null for dom0 (the JVM itself). */
    public GuestMemory memory() {
        return memory;
    }

    /** The scheduler's view; null for dom0. */
    public SchedDomain sched() {
        return sched;
    }

    /** The vCPUs (empty for dom0). */
    public List<VcpuContext> vcpus() {
        return sched == null ? List.of() : sched.vcpus();
    }

    /** vCPU {@code id}, or null when out of range. */
    public VcpuContext vcpu(long id) {
        List<VcpuContext> v = vcpus();
        return id >= 0 && id < v.size() ? v.get((int) id) : null;
    }

    /** The SCHEDOP_watchdog timers. */
    public Watchdogs watchdogs() {
        return watchdogs;
    }

    /** The hypervisor console of this domain. */
    public ConsoleLog console() {
        return console;
    }

    /**
     * The hypervisor-owned shared_info page (docs/abi.md §5.1), zeroed at creation, mapped
     * into the guest by add_to_physmap(shared_info). Null for dom0.
     */
    public MemorySegment sharedInfo() {
        return sharedInfo;
    }

    /**
     * The 48-byte vcpu_info of vCPU {@code vcpu}: where the guest registered it
     * (VCPUOP_register_vcpu_info), else the slot inside shared_info for vCPU 0, else null.
     */
    public MemorySegment vcpuInfo(int vcpu) {
        if (sharedInfo == null || vcpu < 0 || vcpu >= vcpuInfoGpa.length()) {
            return null;
        }
        long gpa = vcpuInfoGpa.get(vcpu);
        if (gpa >= 0) {
            if (!memory.isPopulatedRange(gpa, VcpuInfoLayout.SIZEOF)) {
                return null;
            }
            return memory.ram().asSlice(gpa - memory.ramBase(), VcpuInfoLayout.SIZEOF);
        }
        return vcpu == 0 ? sharedInfo.asSlice(SharedInfoLayout.VCPU_INFO0, VcpuInfoLayout.SIZEOF) : null;
    }

    /** The registered vcpu_info address of a vCPU, or -1. */
    public long vcpuInfoGpa(int vcpu) {
        return vcpu >= 0 && vcpu < vcpuInfoGpa.length() ? vcpuInfoGpa.get(vcpu) : -1;
    }

    /**
     * Records a VCPUOP_register_vcpu_info (once per vCPU, facts §1.3).
     *
     * @return false when already registered
     */
    public boolean registerVcpuInfo(int vcpu, long gpa) {
        return vcpuInfoGpa.compareAndSet(vcpu, -1, gpa);
    }

    /** HVM parameter {@code index} (caller checks the range). */
    public synchronized long hvmParam(int index) {
        return hvmParams[index];
    }

    /** Sets HVM parameter {@code index} (builder, toolstack, hvm_op set_param). */
    public synchronized void setHvmParam(int index, long value) {
        hvmParams[index] = value;
    }

    /** The stored life-cycle state (RUNNING is refined to BLOCKED in {@link #state()}). */
    synchronized DomainState storedState() {
        return state;
    }

    synchronized void setState(DomainState s) {
        state = s;
    }

    /**
     * The life-cycle state: BLOCKED when RUNNING and every vCPU that is up waits for an
     * event (the scheduler's view, so it needs no bookkeeping on the hot path).
     */
    public DomainState state() {
        DomainState s = storedState();
        if (s == DomainState.RUNNING && sched != null) {
            boolean anyUp = false;
            for (VcpuContext v : sched.vcpus()) {
                VcpuRunState r = v.state();
                if (r == VcpuRunState.OFFLINE) {
                    continue;
                }
                anyUp = true;
                if (r != VcpuRunState.BLOCKED) {
                    return s;
                }
            }
            return anyUp ? DomainState.BLOCKED : s;
        }
        return s;
    }

    /** Why it shut down, or null. */
    public synchronized ShutdownReason shutdownReason() {
        return shutdownReason;
    }

    synchronized void setShutdownReason(ShutdownReason r) {
        shutdownReason = r;
    }

    /** The reason recorded by SCHEDOP_shutdown_code, or null. */
    public synchronized ShutdownReason pendingShutdownCode() {
        return pendingShutdownCode;
    }

    /** Records SCHEDOP_shutdown_code. */
    public synchronized void setPendingShutdownCode(ShutdownReason r) {
        pendingShutdownCode = r;
    }

    /** A snapshot for toolstacks. */
    public DomainInfo info() {
        long memKiB = memory == null ? config.memoryKiB() : memory.currentFrames() * 4;
        long maxKiB = memory == null ? config.maxMemoryKiB() : memory.maxFrames() * 4;
        long target = memory == null ? config.memoryKiB() : memory.targetFrames() * 4;
        int weight = sched == null ? config.weight() : sched.weight();
        int cap = sched == null ? config.cap() : sched.cap();
        return new DomainInfo(domid, uuid, name, state(), shutdownReason(), privileged, memKiB, maxKiB,
                config.vcpus(), sched == null ? 0 : sched.cpuTimeNanos(), weight, cap, target);
    }

    @Override
    public String toString() {
        return "domain " + domid + " (" + name + ")";
    }
}
