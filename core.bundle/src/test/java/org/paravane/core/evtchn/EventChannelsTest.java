package org.paravane.core.evtchn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.api.abi.DomId.SELF;
import static org.paravane.api.abi.XenErrno.EBUSY;
import static org.paravane.api.abi.XenErrno.EEXIST;
import static org.paravane.api.abi.XenErrno.EINVAL;
import static org.paravane.api.abi.XenErrno.ENOENT;
import static org.paravane.api.abi.XenErrno.ENOSPC;
import static org.paravane.api.abi.XenErrno.EPERM;
import static org.paravane.api.abi.XenErrno.ESRCH;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.core.policy.Action;
import org.paravane.core.policy.DefaultSecurityPolicy;

/** Every EVTCHNOP worker and its error paths (facts §2.1), and 2-level delivery (§2.5). */
class EventChannelsTest {

    private static final int VIRQ_TIMER = 0;
    private static final int VIRQ_CONSOLE = 2;
    private static final int VIRQ_DOM_EXC = 3;
    private static final int VIRQ_ARGO = 11;

    private EventChannels ev;
    private TestEventHost dom0;
    private TestEventHost a;
    private TestEventHost b;

    @BeforeEach
    void setUp() {
        ev = new EventChannels(new DefaultSecurityPolicy());
        dom0 = new TestEventHost(1);
        a = new TestEventHost(2);
        b = new TestEventHost(2);
        ev.createDomain(0, dom0);
        ev.createDomain(1, a);
        ev.createDomain(2, b);
    }

    @AfterEach
    void tearDown() {
        ev.destroyDomain(0);
        ev.destroyDomain(1);
        ev.destroyDomain(2);
        dom0.close();
        a.close();
        b.close();
    }

    /** Domain 1 allocates, domain 2 binds: returns {port in 1, port in 2}. */
    private int[] connect() {
        int pa = ev.allocUnbound(1, SELF, 2);
        int pb = ev.bindInterdomain(2, 1, pa);
        assertTrue(pa > 0 && pb > 0);
        return new int[] {pa, pb};
    }

    // ------------------------------------------------------------ alloc_unbound

    @Test
    void allocUnboundHandsOutLowestFreePortsFromOne() {
        assertEquals(1, ev.allocUnbound(1, SELF, 2));
        assertEquals(2, ev.allocUnbound(1, 1, SELF));
        PortInfo s = ev.status(1, SELF, 1);
        assertEquals(1, s.status());
        assertEquals(2, s.remoteDom());
        assertEquals(1, ev.status(1, SELF, 2).remoteDom(), "remote SELF resolves to the caller");
        assertEquals(0, ev.close(1, 1));
        assertEquals(1, ev.allocUnbound(1, SELF, 2), "a freed port is reused");
    }

    @Test
    void allocUnboundInAnotherDomainNeedsPrivilege() {
        assertEquals(-EPERM, ev.allocUnbound(1, 2, 1));
        int p = ev.allocUnbound(0, 2, 1);
        assertTrue(p > 0, "dom0 may allocate in domain 2");
        assertEquals(ChannelState.UNBOUND, ev.stateOf(2, p));
    }

    @Test
    void allocUnboundErrors() {
        assertEquals(-ESRCH, ev.allocUnbound(1, 77, 2));
        TestEventHost small = new TestEventHost(1);
        ev.createDomain(9, small, 4);
        assertEquals(1, ev.allocUnbound(9, SELF, 0));
        assertEquals(2, ev.allocUnbound(9, SELF, 0));
        assertEquals(3, ev.allocUnbound(9, SELF, 0));
        assertEquals(-ENOSPC, ev.allocUnbound(9, SELF, 0));
        ev.destroyDomain(9);
        small.close();
    }

    // ------------------------------------------------------------ bind_interdomain

    @Test
    void bindInterdomainConnectsBothEndsAndMarksTheNewPortPending() {
        int[] p = connect();
        assertEquals(ChannelState.INTERDOMAIN, ev.stateOf(1, p[0]));
        assertEquals(ChannelState.INTERDOMAIN, ev.stateOf(2, p[1]));
        PortInfo sa = ev.status(1, SELF, p[0]);
        assertEquals(2, sa.status());
        assertEquals(2, sa.remoteDom());
        assertEquals(p[1], sa.remotePort());
        assertTrue(b.pending(p[1]), "Xen always marks the fresh local port pending");
        assertTrue(b.upcallPending(0));
        assertEquals(1, b.kicks[0]);
        assertEquals(List.of(p[1]), b.drain(0));
        assertFalse(a.pending(p[0]));
    }

    @Test
    void bindInterdomainErrors() {
        int pa = ev.allocUnbound(1, SELF, 2);
        assertEquals(-ESRCH, ev.bindInterdomain(2, 55, pa), "missing remote domain");
        assertEquals(-EINVAL, ev.bindInterdomain(0, 1, pa), "the port names domain 2, not 0");
        assertEquals(-EINVAL, ev.bindInterdomain(2, 1, pa + 1), "free port");
        assertEquals(-EINVAL, ev.bindInterdomain(2, 1, 5000), "beyond the port space");
        assertEquals(-EINVAL, ev.bindInterdomain(2, 1, 0), "reserved port 0");
        int pb = ev.bindInterdomain(2, 1, pa);
        assertTrue(pb > 0);
        assertEquals(-EINVAL, ev.bindInterdomain(2, 1, pa), "already bound");
        EventChannels denying = new EventChannels((caller, action, target) -> caller == target);
        TestEventHost x = new TestEventHost(1);
        TestEventHost y = new TestEventHost(1);
        denying.createDomain(1, x);
        denying.createDomain(2, y);
        int px = denying.allocUnbound(1, SELF, 2);
        assertEquals(-EPERM, denying.bindInterdomain(2, 1, px));
        denying.destroyDomain(1);
        denying.destroyDomain(2);
        x.close();
        y.close();
    }

    @Test
    void bindInterdomainFailsWithEnospcWhenTheCallerIsFull() {
        TestEventHost small = new TestEventHost(1);
        ev.createDomain(9, small, 2);
        assertEquals(1, ev.allocUnbound(9, SELF, 0));
        int p1 = ev.allocUnbound(1, SELF, 9);
        assertEquals(-ENOSPC, ev.bindInterdomain(9, 1, p1));
        ev.destroyDomain(9);
        small.close();
    }

    @Test
    void loopbackChannelWithDomidSelf() {
        int p1 = ev.allocUnbound(1, SELF, SELF);
        int p2 = ev.bindInterdomain(1, SELF, p1);
        a.drain(0);
        assertEquals(0, ev.send(1, p1));
        assertTrue(a.pending(p2));
        assertEquals(0, ev.send(1, p2));
        assertTrue(a.pending(p1));
        assertEquals(0, ev.close(1, p1));
        assertEquals(ChannelState.UNBOUND, ev.stateOf(1, p2));
    }

    // ------------------------------------------------------------ bind_virq

    @Test
    void bindVirqPerVcpuAndErrors() {
        int t0 = ev.bindVirq(1, VIRQ_TIMER, 0);
        int t1 = ev.bindVirq(1, VIRQ_TIMER, 1);
        assertTrue(t0 > 0 && t1 > 0 && t0 != t1);
        PortInfo s = ev.status(1, SELF, t1);
        assertEquals(4, s.status());
        assertEquals(1, s.vcpu());
        assertEquals(VIRQ_TIMER, s.virq());
        assertEquals(-EEXIST, ev.bindVirq(1, VIRQ_TIMER, 0));
        assertEquals(-EINVAL, ev.bindVirq(1, 24, 0), "NR");
        assertEquals(-EINVAL, ev.bindVirq(1, -1, 0));
        assertEquals(-EINVAL, ev.bindVirq(1, VIRQ_ARGO, 1), "per-domain VIRQs bind on vCPU 0");
        assertEquals(-ENOENT, ev.bindVirq(1, VIRQ_TIMER, 2), "no vCPU 2");
        assertEquals(-ESRCH, ev.bindVirq(42, VIRQ_TIMER, 0));
    }

    @Test
    void globalVirqHasOneOwnerAtATime() {
        int p = ev.bindVirq(0, VIRQ_DOM_EXC, 0);
        assertTrue(p > 0);
        assertEquals(-EBUSY, ev.bindVirq(1, VIRQ_DOM_EXC, 0));
        assertEquals(-EINVAL, ev.bindVirq(1, VIRQ_CONSOLE, 1), "global VIRQs bind on vCPU 0");
        assertTrue(ev.sendGlobalVirq(VIRQ_DOM_EXC));
        assertTrue(dom0.pending(p));
        assertEquals(0, ev.close(0, p));
        assertFalse(ev.sendGlobalVirq(VIRQ_DOM_EXC));
        int q = ev.bindVirq(1, VIRQ_DOM_EXC, 0);
        assertTrue(q > 0, "free again after close");
    }

    @Test
    void sendVirqDeliversOnTheBoundVcpu() {
        int t1 = ev.bindVirq(1, VIRQ_TIMER, 1);
        assertTrue(ev.sendVirq(1, VIRQ_TIMER, 1));
        assertEquals(0, a.kicks[0]);
        assertEquals(1, a.kicks[1]);
        assertEquals(List.of(t1), a.drain(1));
        assertFalse(ev.sendVirq(1, VIRQ_TIMER, 0), "not bound on vCPU 0");
        assertFalse(ev.sendVirq(1, 99, 0));
        assertFalse(ev.sendVirq(77, VIRQ_TIMER, 0));
        assertFalse(ev.sendVirq(1, VIRQ_TIMER, 5));
    }

    // ------------------------------------------------------------ bind_ipi, send

    @Test
    void ipiNotifiesItsVcpu() {
        int p = ev.bindIpi(1, 1);
        assertTrue(p > 0);
        assertEquals(5, ev.status(1, SELF, p).status());
        assertEquals(0, ev.send(1, p));
        assertEquals(1, a.kicks[1]);
        assertEquals(List.of(p), a.drain(1));
        assertEquals(-ENOENT, ev.bindIpi(1, 2));
        assertEquals(-ENOENT, ev.bindIpi(1, -1));
    }

    @Test
    void sendStates() {
        int unbound = ev.allocUnbound(1, SELF, 2);
        assertEquals(0, ev.send(1, unbound), "unbound: silently dropped");
        assertFalse(a.pending(unbound));
        int virq = ev.bindVirq(1, VIRQ_TIMER, 0);
        assertEquals(-EINVAL, ev.send(1, virq));
        assertEquals(-EINVAL, ev.send(1, 0), "reserved port");
        assertEquals(-EINVAL, ev.send(1, 63), "valid but free");
        assertEquals(-EINVAL, ev.send(1, 64), "beyond the allocated bucket");
        assertEquals(-EINVAL, ev.send(1, 1L << 32));
        assertEquals(-ESRCH, ev.send(99, 1));
    }

    @Test
    void sendIsEdgeTriggeredAndWakesPollers() {
        int[] p = connect();
        b.drain(0);
        int kicks = b.kicks[0];
        assertEquals(0, ev.send(1, p[0]));
        assertEquals(kicks + 1, b.kicks[0]);
        assertEquals(0, ev.send(1, p[0]));
        assertEquals(kicks + 1, b.kicks[0], "already pending: no second upcall");
        assertTrue(b.polled.contains(p[1]));
        assertEquals(List.of(p[1]), b.drain(0), "two sends, one event");
    }

    @Test
    void maskedPortOnlyBecomesPendingUntilUnmasked() {
        int[] p = connect();
        b.drain(0);
        b.guestMask(p[1]);
        int kicks = b.kicks[0];
        b.polled.clear();
        assertEquals(0, ev.send(1, p[0]));
        assertTrue(b.pending(p[1]));
        assertEquals(0, b.selector(0), "a masked port touches no selector");
        assertFalse(b.upcallPending(0));
        assertEquals(kicks, b.kicks[0]);
        assertEquals(List.of(p[1]), b.polled, "pollers are woken even when masked");
        assertEquals(List.of(), b.drain(0));
        assertEquals(0, ev.unmask(2, p[1]));
        assertEquals(kicks + 1, b.kicks[0], "unmask re-raises a pending port");
        assertEquals(List.of(p[1]), b.drain(0));
        assertEquals(0, ev.unmask(2, p[1]), "unmasking an unmasked, idle port does nothing");
        assertEquals(kicks + 1, b.kicks[0]);
    }

    @Test
    void unmaskErrors() {
        assertEquals(-EINVAL, ev.unmask(1, 64));
        assertEquals(-EINVAL, ev.unmask(1, -1));
        assertEquals(-ESRCH, ev.unmask(99, 1));
    }

    @Test
    void sendNeedsPolicyPermission() {
        // Connecting allowed, sending and managing other domains denied.
        EventChannels sendDenied = new EventChannels((caller, action, target) ->
                caller == target || action == Action.EVTCHN_CONNECT && caller == 2);
        TestEventHost x = new TestEventHost(1);
        TestEventHost y = new TestEventHost(1);
        sendDenied.createDomain(1, x);
        sendDenied.createDomain(2, y);
        int px = sendDenied.allocUnbound(1, SELF, 2);
        sendDenied.bindInterdomain(2, 1, px);
        assertEquals(-EPERM, sendDenied.send(1, px));
        assertEquals(-EPERM, sendDenied.allocUnbound(1, 2, 1));
        assertEquals(-EPERM, sendDenied.status(1, 2, 1).error());
        assertEquals(-EPERM, sendDenied.reset(1, 2));
        sendDenied.destroyDomain(1);
        sendDenied.destroyDomain(2);
        x.close();
        y.close();
    }

    // ------------------------------------------------------------ close

    @Test
    void closingOneEndLeavesThePeerUnboundNamingTheCloser() {
        int[] p = connect();
        assertEquals(0, ev.close(2, p[1]));
        assertEquals(ChannelState.FREE, ev.stateOf(2, p[1]));
        PortInfo s = ev.status(1, SELF, p[0]);
        assertEquals(1, s.status());
        assertEquals(2, s.remoteDom());
        assertEquals(0, ev.send(1, p[0]), "sending on the now unbound end is dropped");
        int again = ev.bindInterdomain(2, 1, p[0]);
        assertTrue(again > 0, "the closer may bind again");
    }

    @Test
    void closeClearsPendingAndErrors() {
        int p = ev.bindIpi(1, 0);
        ev.send(1, p);
        assertTrue(a.pending(p));
        assertEquals(0, ev.close(1, p));
        assertFalse(a.pending(p), "Xen clears pending when it frees a port");
        assertEquals(-EINVAL, ev.close(1, p), "already free");
        assertEquals(-EINVAL, ev.close(1, 0), "reserved");
        assertEquals(-EINVAL, ev.close(1, 4096));
        assertEquals(-ESRCH, ev.close(99, 1));
    }

    @Test
    void closingAVirqUnbindsIt() {
        int p = ev.bindVirq(1, VIRQ_TIMER, 1);
        assertEquals(0, ev.close(1, p));
        assertFalse(ev.sendVirq(1, VIRQ_TIMER, 1));
        assertTrue(ev.bindVirq(1, VIRQ_TIMER, 1) > 0);
    }

    // ------------------------------------------------------------ status

    @Test
    void statusOfEveryState() {
        assertEquals(0, ev.status(1, SELF, 0).status(), "reserved reads as closed");
        assertEquals(0, ev.status(1, SELF, 5).status(), "free reads as closed");
        assertEquals(-EINVAL, ev.status(1, SELF, 64).error(), "port beyond the valid buckets");
        assertEquals(-ESRCH, ev.status(1, 99, 1).error());
        assertEquals(-EPERM, ev.status(1, 2, 1).error(), "another domain's port needs privilege");
        int ipi = ev.bindIpi(2, 1);
        PortInfo s = ev.status(0, 2, ipi);
        assertEquals(5, s.status());
        assertEquals(1, s.vcpu());
    }

    @Test
    void portsBecomeValidInBucketsOf64() {
        for (int i = 1; i < 64; i++) {
            assertEquals(i, ev.bindIpi(1, 0));
        }
        assertEquals(-EINVAL, ev.status(1, SELF, 64).error());
        assertEquals(64, ev.bindIpi(1, 0));
        assertEquals(0, ev.status(1, SELF, 127).error(), "bucket 64..127 now valid");
        assertEquals(-EINVAL, ev.status(1, SELF, 128).error());
        assertEquals(64, ev.portsInUse(1));
        ev.send(1, 64);
        assertTrue(a.pending(64));
        assertEquals(1L << 1, a.selector(0), "port 64 is word 1 of the selector");
    }

    // ------------------------------------------------------------ bind_vcpu

    @Test
    void bindVcpuMovesNotifications() {
        int[] p = connect();
        b.drain(0);
        assertEquals(0, ev.bindVcpu(2, p[1], 1));
        assertEquals(1, ev.status(2, SELF, p[1]).vcpu());
        ev.send(1, p[0]);
        assertEquals(1, b.kicks[1]);
        assertEquals(List.of(p[1]), b.drain(1));
        int unbound = ev.allocUnbound(2, SELF, 1);
        assertEquals(0, ev.bindVcpu(2, unbound, 1));
    }

    @Test
    void bindVcpuErrors() {
        int ipi = ev.bindIpi(1, 0);
        assertEquals(-EINVAL, ev.bindVcpu(1, ipi, 1), "IPI ports are fixed");
        int timer = ev.bindVirq(1, VIRQ_TIMER, 0);
        assertEquals(-EINVAL, ev.bindVcpu(1, timer, 1), "per-vCPU VIRQs are fixed");
        int argo = ev.bindVirq(1, VIRQ_ARGO, 0);
        assertEquals(0, ev.bindVcpu(1, argo, 1), "per-domain VIRQs may move");
        assertTrue(ev.sendVirq(1, VIRQ_ARGO, 0));
        assertEquals(1, a.kicks[1]);
        assertEquals(-ENOENT, ev.bindVcpu(1, argo, 2));
        assertEquals(-EINVAL, ev.bindVcpu(1, 0, 1));
        assertEquals(-EINVAL, ev.bindVcpu(1, 100, 1));
        assertEquals(-ESRCH, ev.bindVcpu(9, 1, 0));
    }

    // ------------------------------------------------------------ reset, destroy

    @Test
    void resetClosesEverything() {
        int[] p = connect();
        ev.bindIpi(2, 0);
        ev.bindVirq(2, VIRQ_TIMER, 1);
        assertEquals(3, ev.portsInUse(2));
        assertEquals(-EPERM, ev.reset(1, 2));
        assertEquals(-ESRCH, ev.reset(0, 50));
        assertEquals(0, ev.reset(2, SELF));
        assertEquals(0, ev.portsInUse(2));
        assertEquals(ChannelState.UNBOUND, ev.stateOf(1, p[0]));
        assertEquals(0, ev.reset(0, 1), "dom0 may reset others");
        assertEquals(0, ev.portsInUse(1));
    }

    @Test
    void destroyReleasesEveryPortAndUnbindsPeers() {
        int[] p = connect();
        int d = ev.bindVirq(2, VIRQ_DOM_EXC, 0);
        assertTrue(d > 0);
        ev.destroyDomain(2);
        assertFalse(ev.hasDomain(2));
        assertEquals(-1, ev.portsInUse(2));
        assertEquals(ChannelState.UNBOUND, ev.stateOf(1, p[0]));
        assertEquals(0, ev.send(1, p[0]));
        assertTrue(ev.bindVirq(1, VIRQ_DOM_EXC, 0) > 0, "the global VIRQ was released");
        assertEquals(-ESRCH, ev.bindInterdomain(1, 2, 1));
        assertNull(ev.stateOf(2, 1));
    }

    @Test
    void createDomainRejectsBadHostsAndDuplicates() {
        assertThrows(IllegalStateException.class, () -> ev.createDomain(1, a));
        assertThrows(IllegalArgumentException.class, () -> ev.createDomain(5, a, 1));
        assertThrows(IllegalArgumentException.class, () -> ev.createDomain(5, a, 4097));
    }

    @Test
    void isPendingForPoll() {
        int p = ev.bindIpi(1, 0);
        assertFalse(ev.isPending(1, p));
        ev.send(1, p);
        assertTrue(ev.isPending(1, p));
        assertFalse(ev.isPending(1, 5000));
        assertFalse(ev.isPending(99, p));
    }

    @Test
    void vcpuInfoMoveMarksEverythingPendingSoNothingIsLost() {
        int p = ev.bindIpi(1, 1);
        a.guestMask(p);
        ev.send(1, p); // pending, masked: no selector, no upcall
        assertEquals(0, a.selector(1));
        ev.vcpuInfoMoved(1, 1);
        assertEquals(-1L, a.selector(1));
        assertTrue(a.upcallPending(1));
        assertEquals(1, a.kicks[1]);
        assertEquals(List.of(), a.drain(1), "the masked port stays undelivered");
        ev.vcpuInfoMoved(1, 1);
        assertEquals(2, a.kicks[1]);
        ev.vcpuInfoMoved(1, 9);
        ev.vcpuInfoMoved(99, 0);
        assertEquals(2, a.kicks[1]);
    }
}
