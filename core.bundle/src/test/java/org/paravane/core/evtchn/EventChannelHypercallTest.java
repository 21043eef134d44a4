package org.paravane.core.evtchn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.api.abi.DomId.SELF;
import static org.paravane.api.abi.XenErrno.EFAULT;
import static org.paravane.api.abi.XenErrno.EINVAL;
import static org.paravane.api.abi.XenErrno.ENOSYS;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.EvtchnOp;
import org.paravane.api.abi.XenErrno;
import org.paravane.core.policy.DefaultSecurityPolicy;

/** event_channel_op struct layouts (facts §2.1, docs/abi.md §5) through guest memory. */
class EventChannelHypercallTest {

    private static final long ARG = TestGuestMemory.BASE + 0x1000;

    private EventChannels ev;
    private EventChannelHypercall hc;
    private TestEventHost a;
    private TestEventHost b;
    private TestGuestMemory memA;
    private TestGuestMemory memB;

    @BeforeEach
    void setUp() {
        ev = new EventChannels(new DefaultSecurityPolicy());
        hc = new EventChannelHypercall(ev);
        a = new TestEventHost(2);
        b = new TestEventHost(1);
        ev.createDomain(1, a);
        ev.createDomain(2, b);
        memA = new TestGuestMemory(1 << 16);
        memB = new TestGuestMemory(1 << 16);
    }

    @AfterEach
    void tearDown() {
        ev.destroyDomain(1);
        ev.destroyDomain(2);
        a.close();
        b.close();
        memA.close();
        memB.close();
    }

    private long allocUnbound(TestGuestMemory mem, int caller, int dom, int remote) {
        mem.putU16(ARG, dom);
        mem.putU16(ARG + 2, remote);
        mem.writeU32(ARG + 4, 0xDEAD);
        long rc = hc.dispatch(caller, 0, EvtchnOp.ALLOC_UNBOUND, ARG, mem);
        return rc == 0 ? mem.u32(ARG + 4) : rc;
    }

    @Test
    void allocBindSendStatusCloseThroughStructs() {
        long pa = allocUnbound(memA, 1, SELF, 2);
        assertEquals(1, pa);
        // bind_interdomain: 0 remote_dom u16, 4 remote_port u32, 8 local_port (out)
        memB.putU16(ARG, 1);
        memB.writeU32(ARG + 4, (int) pa);
        assertEquals(0, hc.dispatch(2, 0, EvtchnOp.BIND_INTERDOMAIN, ARG, memB));
        long pb = memB.u32(ARG + 8);
        assertEquals(1, pb);
        b.drain(0);
        // send: 0 port
        memA.writeU32(ARG, (int) pa);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.SEND, ARG, memA));
        assertTrue(b.pending((int) pb));
        // status: 0 dom, 4 port, 8 status, 12 vcpu, 16 dom u16, 20 port u32
        memA.putU16(ARG, SELF);
        memA.writeU32(ARG + 4, (int) pa);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.STATUS, ARG, memA));
        assertEquals(2, memA.u32(ARG + 8), "EVTCHNSTAT_interdomain");
        assertEquals(0, memA.u32(ARG + 12));
        assertEquals(2, memA.u16(ARG + 16));
        assertEquals(pb, memA.u32(ARG + 20));
        // close
        memB.writeU32(ARG, (int) pb);
        assertEquals(0, hc.dispatch(2, 0, EvtchnOp.CLOSE, ARG, memB));
        memA.putU16(ARG, SELF);
        memA.writeU32(ARG + 4, (int) pa);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.STATUS, ARG, memA));
        assertEquals(1, memA.u32(ARG + 8), "EVTCHNSTAT_unbound");
        assertEquals(2, memA.u16(ARG + 16), "unbound.dom names the closer");
        assertEquals(0, memA.u32(ARG + 20), "union cleared beyond unbound.dom");
    }

    @Test
    void virqIpiVcpuUnmaskResetThroughStructs() {
        // bind_virq: 0 virq, 4 vcpu, 8 port (out)
        memA.writeU32(ARG, 0);
        memA.writeU32(ARG + 4, 1);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.BIND_VIRQ, ARG, memA));
        long virqPort = memA.u32(ARG + 8);
        memA.putU16(ARG, SELF);
        memA.writeU32(ARG + 4, (int) virqPort);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.STATUS, ARG, memA));
        assertEquals(4, memA.u32(ARG + 8));
        assertEquals(1, memA.u32(ARG + 12));
        assertEquals(0, memA.u32(ARG + 16), "virq number");
        // bind_ipi: 0 vcpu, 4 port (out)
        memA.writeU32(ARG, 1);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.BIND_IPI, ARG, memA));
        long ipi = memA.u32(ARG + 4);
        assertTrue(ipi > virqPort);
        // bind_vcpu on an IPI: EINVAL; 0 port, 4 vcpu
        memA.writeU32(ARG, (int) ipi);
        memA.writeU32(ARG + 4, 0);
        assertEquals(-EINVAL, hc.dispatch(1, 0, EvtchnOp.BIND_VCPU, ARG, memA));
        // mask, send, unmask
        a.guestMask((int) ipi);
        memA.writeU32(ARG, (int) ipi);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.SEND, ARG, memA));
        assertEquals(0, a.kicks[1]);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.UNMASK, ARG, memA));
        assertEquals(1, a.kicks[1]);
        // reset: 0 dom u16
        memA.putU16(ARG, SELF);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.RESET, ARG, memA));
        assertEquals(0, ev.portsInUse(1));
    }

    @Test
    void errorsPassThroughAndBadPointersFault() {
        assertEquals(-1, allocUnbound(memA, 1, 2, 1), "-EPERM: allocating in another domain");
        assertEquals(-EFAULT, hc.dispatch(1, 0, EvtchnOp.SEND, 0x1000, memA), "not guest memory");
        assertEquals(-EFAULT, hc.dispatch(1, 0, EvtchnOp.STATUS, TestGuestMemory.BASE + (1 << 16) - 8, memA),
                "struct runs off the end of RAM");
        // a struct that ends exactly at the end of RAM is fine
        long last = TestGuestMemory.BASE + (1 << 16) - 8;
        memA.putU16(last, SELF);
        memA.putU16(last + 2, 2);
        assertEquals(0, hc.dispatch(1, 0, EvtchnOp.ALLOC_UNBOUND, last, memA));
        assertEquals(-ENOSYS, hc.dispatch(1, 0, EvtchnOp.BIND_PIRQ, ARG, memA));
        assertEquals(-ENOSYS, hc.dispatch(1, 0, 11, ARG, memA), "FIFO init_control");
        assertEquals(-ENOSYS, hc.dispatch(1, 0, 1L << 40, ARG, memA));
        assertEquals(-ENOSYS, hc.dispatch(1, 0, -1, ARG, memA));
        memA.writeU32(ARG, 7);
        assertEquals(-EINVAL, hc.dispatch(1, 0, EvtchnOp.CLOSE, ARG, memA));
        memA.writeU32(ARG, 0xFFFF_FFFF);
        assertEquals(-EINVAL, hc.dispatch(1, 0, EvtchnOp.UNMASK, ARG, memA), "port 2^32-1");
    }
}
