package org.paravane.core.evtchn;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.paravane.api.abi.Virq;

/**
 * One domain's port table for the 2-level ABI. All fields are guarded by {@link #lock};
 * operations on two domains take both locks in domid order (see {@link EventChannels}).
 * Port 0 is reserved and never handed out (facts §2.1).
 */
final class DomainPorts {

    /** Ports become valid in buckets of 64, as in Xen (port_is_valid grows with allocation). */
    static final int BUCKET = 64;

    final int domid;
    final EventHost host;
    final int maxPorts;
    final ReentrantLock lock = new ReentrantLock();

    final ChannelState[] state;
    /** Unbound: the domain allowed to bind. Interdomain: the peer domain. */
    final int[] peerDom;
    /** Interdomain: the peer port. */
    final int[] peerPort;
    /** Interdomain: the peer's table (kept by reference so it outlives a map removal). */
    final DomainPorts[] peer;
    final int[] notifyVcpu;
    final int[] virq;
    /** [vcpu][virq] → port, 0 = unbound; per-domain and global VIRQs use row 0. */
    final int[][] virqPorts;
    /** Ports below this number are "valid" in Xen's sense (status, unmask, close accept them). */
    int validPorts = BUCKET;
    boolean dying;

    DomainPorts(int domid, EventHost host, int maxPorts) {
        this.domid = domid;
        this.host = host;
        this.maxPorts = maxPorts;
        state = new ChannelState[maxPorts];
        Arrays.fill(state, ChannelState.FREE);
        state[0] = ChannelState.RESERVED;
        peerDom = new int[maxPorts];
        peerPort = new int[maxPorts];
        peer = new DomainPorts[maxPorts];
        notifyVcpu = new int[maxPorts];
        virq = new int[maxPorts];
        virqPorts = new int[Math.max(1, host.vcpuCount())][Virq.NR];
        validPorts = Math.min(BUCKET, maxPorts);
    }

    int vcpuCount() {
        return virqPorts.length;
    }

    /** True when {@code port} is a port number Xen would accept (allocated bucket). */
    boolean isValid(long port) {
        return port >= 0 && port < validPorts;
    }

    /** Lowest free port, or -1 when the table is full. Does not claim it. */
    int findFree() {
        for (int p = 1; p < maxPorts; p++) {
            if (state[p] == ChannelState.FREE) {
                return p;
            }
        }
        return -1;
    }

    /** Claims {@code port} (found by {@link #findFree}) in {@code newState}, notifying vCPU 0. */
    void claim(int port, ChannelState newState) {
        state[port] = newState;
        notifyVcpu[port] = 0;
        peerDom[port] = 0;
        peerPort[port] = 0;
        peer[port] = null;
        virq[port] = 0;
        int bucketEnd = Math.min(maxPorts, (port / BUCKET + 1) * BUCKET);
        if (bucketEnd > validPorts) {
            validPorts = bucketEnd;
        }
    }

    int countInUse() {
        int n = 0;
        for (int p = 1; p < maxPorts; p++) {
            if (state[p] != ChannelState.FREE) {
                n++;
            }
        }
        return n;
    }
}
