package org.paravane.core.evtchn;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.paravane.api.abi.Virq;

/**
 * One domain's port table for the 2-level ABI. All fields are guarded by {@link #lock};
 * operations on two domains take both locks in domid order (see {@link EventChannels}).
 * Port 0 is reserved and never handed out (facts §2.1).
 *
 * <p>The arrays hold exactly the valid ports and grow by buckets of 64 as ports are
 * claimed (as Xen allocates buckets), so an idle domain costs about 2 KB, not 100 KB.
 * Invariant: every index used is below {@link #validPorts} (checked with {@link #isValid},
 * or a port already bound).
 */
final class DomainPorts {

    /** Ports become valid in buckets of 64, as in Xen (port_is_valid grows with allocation). */
    static final int BUCKET = 64;

    final int domid;
    final EventHost host;
    final int maxPorts;
    final ReentrantLock lock = new ReentrantLock();

    ChannelState[] state;
    /** Unbound: the domain allowed to bind. Interdomain: the peer domain. */
    int[] peerDom;
    /** Interdomain: the peer port. */
    int[] peerPort;
    /** Interdomain: the peer's table (kept by reference so it outlives a map removal). */
    DomainPorts[] peer;
    /**
     * Notified vCPU per port. Volatile reference: send reads the peer's entry without the
     * peer's lock, and must see a fully copied array after a grow.
     */
    volatile int[] notifyVcpu;
    int[] virq;
    /** [vcpu][virq] → port, 0 = unbound; per-domain and global VIRQs use row 0. */
    final int[][] virqPorts;
    /** Ports below this number are "valid" in Xen's sense (status, unmask, close accept them). */
    int validPorts;
    boolean dying;

    DomainPorts(int domid, EventHost host, int maxPorts) {
        this.domid = domid;
        this.host = host;
        this.maxPorts = maxPorts;
        validPorts = Math.min(BUCKET, maxPorts);
        state = new ChannelState[validPorts];
        Arrays.fill(state, ChannelState.FREE);
        state[0] = ChannelState.RESERVED;
        peerDom = new int[validPorts];
        peerPort = new int[validPorts];
        peer = new DomainPorts[validPorts];
        notifyVcpu = new int[validPorts];
        virq = new int[validPorts];
        virqPorts = new int[Math.max(1, host.vcpuCount())][Virq.NR];
    }

    int vcpuCount() {
        return virqPorts.length;
    }

    /** True when {@code port} is a port number Xen would accept (allocated bucket). */
    boolean isValid(long port) {
        return port >= 0 && port < validPorts;
    }

    /** Lowest free port (possibly the first of a new bucket), or -1 when the table is full. */
    int findFree() {
        for (int p = 1; p < validPorts; p++) {
            if (state[p] == ChannelState.FREE) {
                return p;
            }
        }
        return validPorts < maxPorts ? validPorts : -1;
    }

    /** Claims {@code port} (found by {@link #findFree}) in {@code newState}, notifying vCPU 0. */
    void claim(int port, ChannelState newState) {
        if (port >= validPorts) {
            grow(Math.min(maxPorts, (port / BUCKET + 1) * BUCKET));
        }
        state[port] = newState;
        notifyVcpu[port] = 0;
        peerDom[port] = 0;
        peerPort[port] = 0;
        peer[port] = null;
        virq[port] = 0;
    }

    private void grow(int n) {
        int old = validPorts;
        state = Arrays.copyOf(state, n);
        Arrays.fill(state, old, n, ChannelState.FREE);
        peerDom = Arrays.copyOf(peerDom, n);
        peerPort = Arrays.copyOf(peerPort, n);
        peer = Arrays.copyOf(peer, n);
        virq = Arrays.copyOf(virq, n);
        notifyVcpu = Arrays.copyOf(notifyVcpu, n); // published last, through the volatile write
        validPorts = n;
    }

    int countInUse() {
        int n = 0;
        for (int p = 1; p < validPorts; p++) {
            if (state[p] != ChannelState.FREE) {
                n++;
            }
        }
        return n;
    }
}
