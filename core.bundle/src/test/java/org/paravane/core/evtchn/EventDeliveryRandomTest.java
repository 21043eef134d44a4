package org.paravane.core.evtchn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.api.abi.DomId.SELF;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.XenErrno;
import org.paravane.core.policy.DefaultSecurityPolicy;

/**
 * Randomized 2-level delivery against a reference model (facts §2.5): random binds, sends,
 * masks, unmasks, bind_vcpu, closes and guest upcall handlers across three domains and
 * their vCPUs. Checked after every step: the pending bitmap equals the model; every
 * pending unmasked port is reachable by an upcall (selector bit set on a vCPU whose
 * upcall_pending is set: no lost event); a handler never sees a masked or non-pending
 * port; every kick happens with something deliverable (no spurious upcall).
 */
class EventDeliveryRandomTest {

    private static final int[] DOMS = {1, 2, 3};
    private static final int[] VCPUS = {2, 2, 1};

    /** The model's view of one port. */
    private static final class MPort {
        ChannelState state;
        int peerDom;
        int peerPort;
        int vcpu;

        MPort(ChannelState state, int vcpu) {
            this.state = state;
            this.vcpu = vcpu;
        }
    }

    private EventChannels ev;
    private final Map<Integer, TestEventHost> hosts = new HashMap<>();
    private final Map<Integer, Map<Integer, MPort>> ports = new HashMap<>();
    private final Map<Integer, Set<Integer>> pending = new HashMap<>();
    private final Map<Integer, Set<Integer>> masked = new HashMap<>();
    private final AtomicReference<String> kickViolation = new AtomicReference<>();

    private void setUp() {
        ev = new EventChannels(new DefaultSecurityPolicy());
        for (int i = 0; i < DOMS.length; i++) {
            int d = DOMS[i];
            TestEventHost h = new TestEventHost(VCPUS[i]);
            h.onKick = vcpu -> {
                if (!somethingDeliverable(h, vcpu)) {
                    kickViolation.compareAndSet(null, "spurious kick of domain " + d + " vCPU " + vcpu);
                }
            };
            hosts.put(d, h);
            ev.createDomain(d, h);
            ports.put(d, new HashMap<>());
            pending.put(d, new HashSet<>());
            masked.put(d, new HashSet<>());
        }
    }

    private void tearDown() {
        for (int d : DOMS) {
            ev.destroyDomain(d);
            hosts.get(d).close();
        }
    }

    private static boolean somethingDeliverable(TestEventHost h, int vcpu) {
        long sel = h.selector(vcpu);
        while (sel != 0) {
            int w = Long.numberOfTrailingZeros(sel);
            sel &= sel - 1;
            if ((TwoLevelBitmaps.pendingWord(h.sharedInfo(), w) & ~TwoLevelBitmaps.maskWord(h.sharedInfo(), w)) != 0) {
                return true;
            }
        }
        return false;
    }

    private void markPending(int d, int p) {
        pending.get(d).add(p);
    }

    @Test
    void randomSequencesMatchTheModel() {
        for (long seed = 1; seed <= 12; seed++) {
            hosts.clear();
            ports.clear();
            pending.clear();
            masked.clear();
            setUp();
            try {
                run(new Random(seed), 1500, seed);
            } finally {
                tearDown();
            }
        }
    }

    private int pickDom(Random r) {
        return DOMS[r.nextInt(DOMS.length)];
    }

    private int vcpusOf(int d) {
        return hosts.get(d).vcpuCount();
    }

    private Integer pickPort(Random r, int d) {
        List<Integer> list = new ArrayList<>(ports.get(d).keySet());
        return list.isEmpty() ? null : list.get(r.nextInt(list.size()));
    }

    private void run(Random r, int steps, long seed) {
        for (int step = 0; step < steps; step++) {
            int d = pickDom(r);
            String where = "seed " + seed + " step " + step;
            switch (r.nextInt(10)) {
                case 0 -> { // connect d → e
                    int e = pickDom(r);
                    int pa = ev.allocUnbound(d, SELF, e);
                    if (pa < 0) {
                        break;
                    }
                    ports.get(d).put(pa, new MPort(ChannelState.UNBOUND, 0));
                    if (r.nextBoolean()) {
                        int pb = ev.bindInterdomain(e, d, pa);
                        assertTrue(pb > 0, where);
                        MPort a = ports.get(d).get(pa);
                        a.state = ChannelState.INTERDOMAIN;
                        a.peerDom = e;
                        a.peerPort = pb;
                        MPort b = new MPort(ChannelState.INTERDOMAIN, 0);
                        b.peerDom = d;
                        b.peerPort = pa;
                        ports.get(e).put(pb, b);
                        markPending(e, pb); // bind_interdomain marks the new port pending
                    }
                }
                case 1 -> {
                    int v = r.nextInt(vcpusOf(d));
                    int p = ev.bindIpi(d, v);
                    ports.get(d).put(p, new MPort(ChannelState.IPI, v));
                }
                case 2, 3 -> { // send
                    Integer p = pickPort(r, d);
                    if (p == null) {
                        break;
                    }
                    MPort m = ports.get(d).get(p);
                    assertEquals(0, ev.send(d, p), where);
                    if (m.state == ChannelState.INTERDOMAIN) {
                        markPending(m.peerDom, m.peerPort);
                    } else if (m.state == ChannelState.IPI) {
                        markPending(d, p);
                    }
                }
                case 4 -> { // guest masks a port itself
                    Integer p = pickPort(r, d);
                    if (p != null) {
                        hosts.get(d).guestMask(p);
                        masked.get(d).add(p);
                    }
                }
                case 5 -> { // EVTCHNOP_unmask
                    List<Integer> ms = new ArrayList<>(masked.get(d));
                    if (!ms.isEmpty()) {
                        int p = ms.get(r.nextInt(ms.size()));
                        assertEquals(0, ev.unmask(d, p), where);
                        masked.get(d).remove(p);
                    }
                }
                case 6 -> { // bind_vcpu
                    Integer p = pickPort(r, d);
                    if (p != null) {
                        MPort m = ports.get(d).get(p);
                        int v = r.nextInt(vcpusOf(d));
                        int rc = ev.bindVcpu(d, p, v);
                        if (m.state == ChannelState.IPI) {
                            assertEquals(-XenErrno.EINVAL, rc, where);
                        } else {
                            assertEquals(0, rc, where);
                            m.vcpu = v;
                        }
                    }
                }
                case 7 -> { // close
                    Integer p = pickPort(r, d);
                    if (p != null && r.nextInt(3) == 0) {
                        MPort m = ports.get(d).remove(p);
                        assertEquals(0, ev.close(d, p), where);
                        pending.get(d).remove(p);
                        if (m.state == ChannelState.INTERDOMAIN) {
                            MPort peer = ports.get(m.peerDom).get(m.peerPort);
                            peer.state = ChannelState.UNBOUND;
                            peer.peerDom = d;
                        }
                    }
                }
                default -> { // an upcall handler runs on a vCPU that has its upcall raised
                    int v = r.nextInt(vcpusOf(d));
                    TestEventHost h = hosts.get(d);
                    if (h.upcallPending(v)) {
                        for (int p : h.drain(v)) {
                            assertTrue(pending.get(d).remove(p), where + ": delivered a port that was not pending: " + p);
                            assertFalse(masked.get(d).contains(p), where + ": delivered masked port " + p);
                        }
                    }
                }
            }
            checkInvariants(where);
        }
        // Finally unmask everything and let every raised upcall run: the model must empty.
        for (int d : DOMS) {
            for (int p : new ArrayList<>(masked.get(d))) {
                assertEquals(0, ev.unmask(d, p));
                masked.get(d).remove(p);
            }
        }
        for (int d : DOMS) {
            TestEventHost h = hosts.get(d);
            for (int v = 0; v < h.vcpuCount(); v++) {
                if (h.upcallPending(v)) {
                    for (int p : h.drain(v)) {
                        assertTrue(pending.get(d).remove(p), "final drain delivered a non-pending port");
                    }
                }
            }
            assertEquals(Set.of(), pending.get(d), "seed " + seed + ": events lost in domain " + d);
        }
        checkInvariants("seed " + seed + " end");
    }

    private void checkInvariants(String where) {
        assertEquals(null, kickViolation.get(), where);
        for (int d : DOMS) {
            TestEventHost h = hosts.get(d);
            long[] expected = new long[64];
            for (int p : pending.get(d)) {
                expected[p / 64] |= 1L << (p % 64);
            }
            long[] actual = new long[64];
            for (int w = 0; w < 64; w++) {
                actual[w] = TwoLevelBitmaps.pendingWord(h.sharedInfo(), w);
            }
            int dom = d;
            assertArrayEquals(expected, actual, () -> where + ": pending bitmap of domain " + dom);
            for (int p : pending.get(d)) {
                if (masked.get(d).contains(p)) {
                    continue;
                }
                boolean reachable = false;
                for (int v = 0; v < h.vcpuCount(); v++) {
                    reachable |= (h.selector(v) & (1L << (p / 64))) != 0 && h.upcallPending(v);
                }
                int port = p;
                assertTrue(reachable, () -> where + ": pending unmasked port " + port + " of domain " + dom + " has no upcall");
            }
        }
    }

    /**
     * Senders on two threads, a guest handler on a third that drains only when kicked and
     * masks / unmasks ports on the way: after the last send, every port's last increment
     * has been observed by a delivery (no lost wake-up with concurrent shared-memory updates).
     */
    @Test
    void concurrentSendersLoseNoWakeup() throws Exception {
        ev = new EventChannels(new DefaultSecurityPolicy());
        TestEventHost sender = new TestEventHost(1);
        TestEventHost receiver = new TestEventHost(1);
        ev.createDomain(1, sender);
        ev.createDomain(2, receiver);
        int n = 8;
        int[] local = new int[n];
        int[] remote = new int[n];
        int next = 1;
        for (int i = 0; i < n; i++) {
            // One port per selector word, so other ports' traffic cannot mask a lost wake-up.
            while (next % 64 != 0) {
                ev.bindIpi(2, 0);
                next++;
            }
            remote[i] = ev.allocUnbound(2, SELF, 1);
            assertEquals(next++, remote[i]);
            local[i] = ev.bindInterdomain(1, 2, remote[i]);
        }
        AtomicLongArray seq = new AtomicLongArray(4096);
        long[] seen = new long[4096];
        Semaphore kicks = new Semaphore(0);
        receiver.onKick = v -> kicks.release();
        receiver.drain(0);
        kicks.drainPermits();
        int perThread = 20_000;
        Thread[] senders = new Thread[2];
        for (int t = 0; t < senders.length; t++) {
            int base = t * (n / 2);
            senders[t] = new Thread(() -> {
                Random r = new Random(base);
                for (int k = 0; k < perThread; k++) {
                    int i = base + r.nextInt(n / 2);
                    seq.incrementAndGet(remote[i]);
                    ev.send(1, local[i]);
                }
            });
        }
        AtomicLong delivered = new AtomicLong();
        Thread guest = new Thread(() -> {
            Random r = new Random(99);
            Set<Integer> maskedNow = new HashSet<>();
            try {
                while (true) {
                    boolean done = Thread.currentThread().isInterrupted();
                    if (!kicks.tryAcquire(done ? 0 : 5, TimeUnit.MILLISECONDS)) {
                        if (done) {
                            break;
                        }
                        continue;
                    }
                    for (int p : receiver.drain(0)) {
                        seen[p] = seq.get(p);
                        delivered.incrementAndGet();
                    }
                    if (r.nextInt(8) == 0) {
                        int p = remote[r.nextInt(n)];
                        receiver.guestMask(p);
                        maskedNow.add(p);
                    } else if (!maskedNow.isEmpty()) {
                        int p = maskedNow.iterator().next();
                        maskedNow.remove(p);
                        ev.unmask(2, p);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int p : maskedNow) {
                ev.unmask(2, p);
            }
            // Only kicks wake the handler: no blind final scan.
            while (kicks.tryAcquire()) {
                for (int p : receiver.drain(0)) {
                    seen[p] = seq.get(p);
                }
            }
        });
        guest.start();
        for (Thread s : senders) {
            s.start();
        }
        for (Thread s : senders) {
            s.join();
        }
        guest.interrupt();
        guest.join();
        for (int i = 0; i < n; i++) {
            assertEquals(seq.get(remote[i]), seen[remote[i]], "port " + remote[i] + ": last send never delivered");
        }
        assertTrue(delivered.get() > 0);
        ev.destroyDomain(1);
        ev.destroyDomain(2);
        sender.close();
        receiver.close();
    }
}
