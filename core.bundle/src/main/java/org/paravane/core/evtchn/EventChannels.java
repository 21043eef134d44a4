package org.paravane.core.evtchn;

import static org.paravane.api.abi.DomId.SELF;
import static org.paravane.api.abi.Platform.NR_EVENT_CHANNELS;
import static org.paravane.api.abi.Virq.NR;
import static org.paravane.api.abi.XenErrno.EBUSY;
import static org.paravane.api.abi.XenErrno.EEXIST;
import static org.paravane.api.abi.XenErrno.EINVAL;
import static org.paravane.api.abi.XenErrno.ENOENT;
import static org.paravane.api.abi.XenErrno.ENOSPC;
import static org.paravane.api.abi.XenErrno.EPERM;
import static org.paravane.api.abi.XenErrno.ESRCH;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.paravane.core.policy.Action;
import org.paravane.core.policy.SecurityPolicy;
import org.paravane.core.sched.LatencyProbe;

/**
 * The event channels of every domain, 2-level ABI (facts §2). One worker per EVTCHNOP_*
 * operation; each returns a port number or 0 on success and a negative Xen errno on
 * failure, never throws for anything a guest controls.
 *
 * <p>Locking: each domain's table has one lock. An operation that touches two domains
 * (bind_interdomain, close of an interdomain port) takes both in domid order. send holds
 * only the sender's lock: the peer's port cannot be closed meanwhile (closing it needs this
 * lock too), so the peer's shared memory stays valid. Setting bits in shared memory is
 * lock-free (atomic word operations, {@link TwoLevelBitmaps}).
 */
public final class EventChannels {

    private final ConcurrentHashMap<Integer, DomainPorts> domains = new ConcurrentHashMap<>();
    /** Global VIRQ → the domain that has it bound (facts §2.3 class G). */
    private final ConcurrentHashMap<Integer, Integer> globalVirqOwner = new ConcurrentHashMap<>();
    private final SecurityPolicy policy;

    /**
     * Event channels checking every operation on another domain with {@code policy}:
     * {@link Action#EVTCHN_CONTROL} for managing another domain's table (alloc_unbound in it,
     * status, reset), {@link Action#EVTCHN_CONNECT} for bind_interdomain and send.
     */
    public EventChannels(SecurityPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    // ---------------------------------------------------------------- domain lifecycle

    /** Registers a domain with the full 2-level port space (4,096 ports). */
    public void createDomain(int domid, EventHost host) {
        createDomain(domid, host, NR_EVENT_CHANNELS);
    }

    /**
     * Registers a domain with ports 0..maxPorts-1 (libxl's max_event_channels + 1).
     *
     * @throws IllegalArgumentException if maxPorts is outside 2..4096 or the shared_info
     *                                  segment cannot hold the bitmaps
     * @throws IllegalStateException    if the domain is registered already
     */
    public void createDomain(int domid, EventHost host, int maxPorts) {
        Objects.requireNonNull(host, "host");
        if (maxPorts < 2 || maxPorts > NR_EVENT_CHANNELS) {
            throw new IllegalArgumentException("maxPorts must be 2.." + NR_EVENT_CHANNELS + ", was " + maxPorts);
        }
        if (!TwoLevelBitmaps.usableSharedInfo(host.sharedInfo())) {
            throw new IllegalArgumentException("shared_info of domain " + domid
                    + " must be 8-byte aligned and at least " + TwoLevelBitmaps.SHARED_INFO_MIN_SIZE + " bytes");
        }
        if (domains.putIfAbsent(domid, new DomainPorts(domid, host, maxPorts)) != null) {
            throw new IllegalStateException("event channels of domain " + domid + " exist already");
        }
    }

    /**
     * Closes every port of the domain (peers of its interdomain ports become unbound, as
     * in Xen) and forgets it. Call before the domain's memory is freed. No-op if unknown.
     */
    public void destroyDomain(int domid) {
        DomainPorts d = domains.remove(domid);
        if (d == null) {
            return;
        }
        d.lock.lock();
        try {
            d.dying = true;
        } finally {
            d.lock.unlock();
        }
        closeAll(d);
    }

    /** True when the domain is registered. */
    public boolean hasDomain(int domid) {
        return domains.containsKey(domid);
    }

    /** Ports of the domain that are not free (port 0 not counted); -1 if unknown. */
    public int portsInUse(int domid) {
        DomainPorts d = domains.get(domid);
        if (d == null) {
            return -1;
        }
        d.lock.lock();
        try {
            return d.countInUse();
        } finally {
            d.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- workers

    /** EVTCHNOP_alloc_unbound: a port in {@code dom} that only {@code remoteDom} may bind. */
    public int allocUnbound(int caller, int dom, int remoteDom) {
        int target = dom == SELF ? caller : dom;
        int remote = remoteDom == SELF ? caller : remoteDom;
        DomainPorts d = domains.get(target);
        if (d == null) {
            return -ESRCH;
        }
        if (!policy.permits(caller, Action.EVTCHN_CONTROL, target)) {
            return -EPERM;
        }
        d.lock.lock();
        try {
            int port = d.findFree();
            if (port < 0) {
                return -ENOSPC;
            }
            d.claim(port, ChannelState.UNBOUND);
            d.peerDom[port] = remote;
            return port;
        } finally {
            d.lock.unlock();
        }
    }

    /**
     * EVTCHNOP_bind_interdomain: connects a fresh local port to {@code remotePort} of
     * {@code remoteDom}, which must be unbound and name the caller. The new local port is
     * marked pending (a notification sent to the unbound end may have been lost, facts §2.1).
     */
    public int bindInterdomain(int caller, int remoteDom, long remotePort) {
        DomainPorts ld = domains.get(caller);
        if (ld == null) {
            return -ESRCH;
        }
        int rdom = remoteDom == SELF ? caller : remoteDom;
        DomainPorts rd = domains.get(rdom);
        if (rd == null) {
            return -ESRCH;
        }
        int lport;
        lockBoth(ld, rd);
        try {
            if (ld.dying || rd.dying) {
                return -ESRCH;
            }
            lport = ld.findFree();
            if (lport < 0) {
                return -ENOSPC;
            }
            if (!rd.isValid(remotePort)) {
                return -EINVAL;
            }
            int rport = (int) remotePort;
            if (rd.state[rport] != ChannelState.UNBOUND || rd.peerDom[rport] != caller) {
                return -EINVAL;
            }
            if (!policy.permits(caller, Action.EVTCHN_CONNECT, rdom)) {
                return -EPERM;
            }
            ld.claim(lport, ChannelState.INTERDOMAIN);
            ld.peerDom[lport] = rdom;
            ld.peerPort[lport] = rport;
            ld.peer[lport] = rd;
            rd.state[rport] = ChannelState.INTERDOMAIN;
            rd.peerDom[rport] = caller;
            rd.peerPort[rport] = lport;
            rd.peer[rport] = ld;
            TwoLevelDelivery.setPending(ld, lport);
        } finally {
            unlockBoth(ld, rd);
        }
        return lport;
    }

    /** EVTCHNOP_bind_virq: binds {@code virq} on {@code vcpu} of the caller. */
    public int bindVirq(int caller, long virqNumber, long vcpu) {
        if (virqNumber < 0 || virqNumber >= NR) {
            return -EINVAL;
        }
        int v = (int) virqNumber;
        VirqClass cls = VirqClass.of(v);
        if (cls != VirqClass.PER_VCPU && vcpu != 0) {
            return -EINVAL;
        }
        DomainPorts d = domains.get(caller);
        if (d == null) {
            return -ESRCH;
        }
        if (vcpu < 0 || vcpu >= d.vcpuCount()) {
            return -ENOENT;
        }
        int cpu = (int) vcpu;
        d.lock.lock();
        try {
            if (d.virqPorts[cpu][v] != 0) {
                return -EEXIST;
            }
            int port = d.findFree();
            if (port < 0) {
                return -ENOSPC;
            }
            if (cls == VirqClass.GLOBAL) {
                Integer owner = globalVirqOwner.putIfAbsent(v, caller);
                if (owner != null && owner != caller) {
                    return -EBUSY;
                }
            }
            d.claim(port, ChannelState.VIRQ);
            d.virq[port] = v;
            d.notifyVcpu[port] = cpu;
            d.virqPorts[cpu][v] = port;
            return port;
        } finally {
            d.lock.unlock();
        }
    }

    /** EVTCHNOP_bind_ipi: an intra-domain channel notifying {@code vcpu}. */
    public int bindIpi(int caller, long vcpu) {
        DomainPorts d = domains.get(caller);
        if (d == null) {
            return -ESRCH;
        }
        if (vcpu < 0 || vcpu >= d.vcpuCount()) {
            return -ENOENT;
        }
        d.lock.lock();
        try {
            int port = d.findFree();
            if (port < 0) {
                return -ENOSPC;
            }
            d.claim(port, ChannelState.IPI);
            d.notifyVcpu[port] = (int) vcpu;
            return port;
        } finally {
            d.lock.unlock();
        }
    }

    /**
     * EVTCHNOP_close: frees the port; the peer of an interdomain port reverts to unbound,
     * naming the closer as the domain allowed to bind (facts §2.1).
     */
    public int close(int caller, long port) {
        DomainPorts d = domains.get(caller);
        if (d == null) {
            return -ESRCH;
        }
        return closePort(d, port);
    }

    /**
     * EVTCHNOP_send: interdomain → the peer port becomes pending; IPI → the local port;
     * unbound → silently dropped (0); any other state → -EINVAL.
     */
    public int send(int caller, long port) {
        LatencyProbe.mark(caller == 0 ? LatencyProbe.SEND : LatencyProbe.GUEST_SEND);
        DomainPorts d = domains.get(caller);
        if (d == null) {
            return -ESRCH;
        }
        d.lock.lock();
        try {
            if (!d.isValid(port)) {
                return -EINVAL;
            }
            int p = (int) port;
            switch (d.state[p]) {
                case INTERDOMAIN -> {
                    DomainPorts rd = d.peer[p];
                    if (!policy.permits(caller, Action.EVTCHN_CONNECT, rd.domid)) {
                        return -EPERM;
                    }
                    TwoLevelDelivery.setPending(rd, d.peerPort[p]);
                    return 0;
                }
                case IPI -> {
                    TwoLevelDelivery.setPending(d, p);
                    return 0;
                }
                case UNBOUND -> {
                    return 0;
                }
                default -> {
                    return -EINVAL;
                }
            }
        } finally {
            d.lock.unlock();
        }
    }

    /** EVTCHNOP_status of {@code port} in {@code dom}. */
    public PortInfo status(int caller, int dom, long port) {
        int target = dom == SELF ? caller : dom;
        DomainPorts d = domains.get(target);
        if (d == null) {
            return PortInfo.failure(-ESRCH);
        }
        if (!policy.permits(caller, Action.EVTCHN_CONTROL, target)) {
            return PortInfo.failure(-EPERM);
        }
        d.lock.lock();
        try {
            if (!d.isValid(port)) {
                return PortInfo.failure(-EINVAL);
            }
            int p = (int) port;
            ChannelState s = d.state[p];
            return switch (s) {
                case UNBOUND -> new PortInfo(0, s.publicStatus(), d.notifyVcpu[p], d.peerDom[p], 0, 0);
                case INTERDOMAIN -> new PortInfo(0, s.publicStatus(), d.notifyVcpu[p], d.peerDom[p], d.peerPort[p], 0);
                case VIRQ -> new PortInfo(0, s.publicStatus(), d.notifyVcpu[p], 0, 0, d.virq[p]);
                default -> new PortInfo(0, s.publicStatus(), d.notifyVcpu[p], 0, 0, 0);
            };
        } finally {
            d.lock.unlock();
        }
    }

    /**
     * EVTCHNOP_bind_vcpu: changes the vCPU notified. Allowed for unbound, interdomain and
     * per-domain/global VIRQ ports; not for IPI or per-vCPU VIRQ ports (facts §2.1).
     */
    public int bindVcpu(int caller, long port, long vcpu) {
        DomainPorts d = domains.get(caller);
        if (d == null) {
            return -ESRCH;
        }
        if (vcpu < 0 || vcpu >= d.vcpuCount()) {
            return -ENOENT;
        }
        d.lock.lock();
        try {
            if (!d.isValid(port)) {
                return -EINVAL;
            }
            int p = (int) port;
            switch (d.state[p]) {
                case VIRQ -> {
                    if (VirqClass.of(d.virq[p]) == VirqClass.PER_VCPU) {
                        return -EINVAL;
                    }
                    d.notifyVcpu[p] = (int) vcpu;
                    return 0;
                }
                case UNBOUND, INTERDOMAIN -> {
                    d.notifyVcpu[p] = (int) vcpu;
                    return 0;
                }
                default -> {
                    return -EINVAL;
                }
            }
        } finally {
            d.lock.unlock();
        }
    }

    /**
     * EVTCHNOP_unmask (facts §2.5 "Unmask"): clears the mask bit and, if it was set and the
     * port is pending, raises the selector and upcall on the port's vCPU.
     */
    public int unmask(int caller, long port) {
        DomainPorts d = domains.get(caller);
        if (d == null) {
            return -ESRCH;
        }
        d.lock.lock();
        try {
            if (!d.isValid(port)) {
                return -EINVAL;
            }
            int p = (int) port;
            MemorySegment si = d.host.sharedInfo();
            if (TwoLevelBitmaps.testAndClearMask(si, p) && TwoLevelBitmaps.isPending(si, p)) {
                TwoLevelDelivery.raiseSelector(d, d.notifyVcpu[p], p);
            }
            return 0;
        } finally {
            d.lock.unlock();
        }
    }

    /** EVTCHNOP_reset: closes every port of {@code dom}. */
    public int reset(int caller, int dom) {
        int target = dom == SELF ? caller : dom;
        DomainPorts d = domains.get(target);
        if (d == null) {
            return -ESRCH;
        }
        if (!policy.permits(caller, Action.EVTCHN_CONTROL, target)) {
            return -EPERM;
        }
        closeAll(d);
        return 0;
    }

    // ---------------------------------------------------------------- host-side entries

    /**
     * Raises {@code virq} for {@code domid}: a per-vCPU VIRQ on {@code vcpu}, a per-domain
     * or global one on the port's current vCPU. For the scheduler (VIRQ_TIMER), consoles
     * and the domain layer (VIRQ_DOM_EXC).
     *
     * @return true if the VIRQ was bound (the event was delivered or is pending)
     */
    public boolean sendVirq(int domid, int virqNumber, int vcpu) {
        if (virqNumber < 0 || virqNumber >= NR) {
            return false;
        }
        DomainPorts d = domains.get(domid);
        if (d == null) {
            return false;
        }
        int row = VirqClass.of(virqNumber) == VirqClass.PER_VCPU ? vcpu : 0;
        if (row < 0 || row >= d.vcpuCount()) {
            return false;
        }
        d.lock.lock();
        try {
            int port = d.virqPorts[row][virqNumber];
            if (port == 0) {
                return false;
            }
            TwoLevelDelivery.setPending(d, port);
            return true;
        } finally {
            d.lock.unlock();
        }
    }

    /** Raises a global VIRQ (facts §2.3 class G) in whichever domain has it bound. */
    public boolean sendGlobalVirq(int virqNumber) {
        Integer owner = globalVirqOwner.get(virqNumber);
        return owner != null && sendVirq(owner, virqNumber, 0);
    }

    /**
     * Call after VCPUOP_register_vcpu_info moved a vCPU's vcpu_info: an event raised while the
     * old area was being copied may have set its selector bit in the old place. Like Xen, mark
     * every selector bit and upcall_pending in the new area, and kick the vCPU, so nothing is
     * lost; the guest gets at most one scan that finds nothing.
     */
    public void vcpuInfoMoved(int domid, int vcpu) {
        DomainPorts d = domains.get(domid);
        if (d == null || vcpu < 0 || vcpu >= d.vcpuCount()) {
            return;
        }
        d.lock.lock();
        try {
            MemorySegment vi = d.host.vcpuInfo(vcpu);
            if (!TwoLevelBitmaps.usableVcpuInfo(vi)) {
                return;
            }
            TwoLevelBitmaps.setAllSelectors(vi);
            if (!TwoLevelBitmaps.testAndSetUpcallPending(vi)) {
                d.host.kick(vcpu);
            }
        } finally {
            d.lock.unlock();
        }
    }

    /** True when {@code port} of {@code domid} has its pending bit set (for SCHEDOP_poll). */
    public boolean isPending(int domid, long port) {
        DomainPorts d = domains.get(domid);
        if (d == null || port < 0 || port >= d.maxPorts) {
            return false;
        }
        return TwoLevelBitmaps.isPending(d.host.sharedInfo(), (int) port);
    }

    /** The state of a port, for tests and diagnostics; null if the domain or port is unknown. */
    public ChannelState stateOf(int domid, int port) {
        DomainPorts d = domains.get(domid);
        if (d == null || port < 0 || port >= d.maxPorts) {
            return null;
        }
        d.lock.lock();
        try {
            return d.isValid(port) ? d.state[port] : ChannelState.FREE;
        } finally {
            d.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- close machinery

    private void closeAll(DomainPorts d) {
        // Collect the ports in use first: destroy and reset then cost O(ports in use), not
        // 4,096 lock round trips (10,000 create/destroy cycles must stay cheap).
        int[] inUse;
        d.lock.lock();
        try {
            inUse = new int[d.countInUse()];
            int n = 0;
            for (int p = 1; p < d.validPorts && n < inUse.length; p++) {
                if (d.state[p] != ChannelState.FREE) {
                    inUse[n++] = p;
                }
            }
        } finally {
            d.lock.unlock();
        }
        for (int p : inUse) {
            closePort(d, p);
        }
    }

    /**
     * Closes one port. An interdomain port needs the peer's lock too: read the peer under
     * our lock, then take both in domid order and re-check that nothing changed meanwhile.
     */
    private int closePort(DomainPorts d, long port) {
        while (true) {
            DomainPorts rd;
            d.lock.lock();
            try {
                if (!d.isValid(port)) {
                    return -EINVAL;
                }
                int p = (int) port;
                if (d.state[p] != ChannelState.INTERDOMAIN) {
                    return closeLocked(d, p);
                }
                rd = d.peer[p];
                if (rd == d) {
                    return closeLocked(d, p);
                }
            } finally {
                d.lock.unlock();
            }
            lockBoth(d, rd);
            try {
                int p = (int) port;
                if (d.state[p] == ChannelState.INTERDOMAIN && d.peer[p] == rd) {
                    return closeLocked(d, p);
                }
            } finally {
                unlockBoth(d, rd);
            }
            // The port changed between the two lock phases: start over.
        }
    }

    /** Frees {@code p}; caller holds d's lock and, for an interdomain port, the peer's. */
    private int closeLocked(DomainPorts d, int p) {
        switch (d.state[p]) {
            case FREE, RESERVED -> {
                return -EINVAL;
            }
            case VIRQ -> {
                int v = d.virq[p];
                int row = VirqClass.of(v) == VirqClass.PER_VCPU ? d.notifyVcpu[p] : 0;
                if (d.virqPorts[row][v] == p) {
                    d.virqPorts[row][v] = 0;
                }
                if (VirqClass.of(v) == VirqClass.GLOBAL) {
                    globalVirqOwner.remove(v, d.domid);
                }
            }
            case INTERDOMAIN -> {
                DomainPorts rd = d.peer[p];
                int rport = d.peerPort[p];
                rd.state[rport] = ChannelState.UNBOUND;
                rd.peerDom[rport] = d.domid;
                rd.peerPort[rport] = 0;
                rd.peer[rport] = null;
            }
            case UNBOUND, IPI -> {
                // nothing beyond freeing
            }
        }
        d.state[p] = ChannelState.FREE;
        d.notifyVcpu[p] = 0;
        d.peerDom[p] = 0;
        d.peerPort[p] = 0;
        d.peer[p] = null;
        d.virq[p] = 0;
        // Xen clears the pending bit when it frees a port, so a reused port starts clean.
        TwoLevelBitmaps.testAndClearPending(d.host.sharedInfo(), p);
        return 0;
    }

    private static void lockBoth(DomainPorts a, DomainPorts b) {
        if (a == b) {
            a.lock.lock();
        } else if (a.domid < b.domid) {
            a.lock.lock();
            b.lock.lock();
        } else {
            b.lock.lock();
            a.lock.lock();
        }
    }

    private static void unlockBoth(DomainPorts a, DomainPorts b) {
        a.lock.unlock();
        if (a != b) {
            b.lock.unlock();
        }
    }
}
