package org.paravane.core.sched;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One domain as the credit scheduler sees it: weight, cap, credit, paused flag and its
 * vCPUs. Mutable fields are guarded by the scheduler's lock.
 */
public final class SchedDomain {

    /** Xen's default weight. */
    public static final int DEFAULT_WEIGHT = 256;

    final int domid;
    final List<VcpuContext> vcpus = new CopyOnWriteArrayList<>();
    int weight;
    /** Percentage of one host thread, 0 = uncapped. */
    int cap;
    /** Credit in nanoseconds of host thread time; positive = UNDER, else OVER. */
    long credit;
    /** Nanoseconds consumed in the current accounting period (for the cap). */
    long usedThisPeriod;
    long cpuTimeNanos;
    boolean paused = true;
    boolean capped;
    boolean removed;
    int running;

    SchedDomain(int domid, int weight, int cap) {
        this.domid = domid;
        this.weight = weight;
        this.cap = cap;
    }

    /** The domain id. */
    public int domid() {
        return domid;
    }

    /** The domain's vCPUs, by id. */
    public List<VcpuContext> vcpus() {
        return List.copyOf(vcpus);
    }

    /** The credit-scheduler weight. */
    public int weight() {
        return weight;
    }

    /** The cap in percent of one host thread (0 = none). */
    public int cap() {
        return cap;
    }

    /** Total host CPU time consumed by this domain's vCPUs. */
    public synchronized long cpuTimeNanos() {
        return cpuTimeNanos;
    }

    synchronized void addCpuTime(long ns) {
        cpuTimeNanos += ns;
    }
}
