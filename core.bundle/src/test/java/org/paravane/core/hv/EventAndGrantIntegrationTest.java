package org.paravane.core.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.DomId;
import org.paravane.api.abi.EvtchnAllocUnboundLayout;
import org.paravane.api.abi.EvtchnBindInterdomainLayout;
import org.paravane.api.abi.EvtchnBindVirqLayout;
import org.paravane.api.abi.EvtchnOp;
import org.paravane.api.abi.Gntmap;
import org.paravane.api.abi.GnttabMapGrantRefLayout;
import org.paravane.api.abi.GnttabOp;
import org.paravane.api.abi.GnttabUnmapGrantRefLayout;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SbiExtension;
import org.paravane.api.abi.SchedOp;
import org.paravane.api.abi.SharedInfoLayout;
import org.paravane.api.abi.Virq;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.RunExit;
import org.paravane.core.domain.Domain;
import org.paravane.core.memory.GuestMemoryAccessor;
import org.paravane.core.sched.VcpuRunState;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/**
 * corea × coreb: guests use event channels and grant tables through the real hypercall
 * path, events reach blocked vCPUs as SEIP + wake-up, VIRQ_TIMER and VIRQ_DOM_EXC arrive,
 * and destroy releases ports, grants and mappings.
 */
class EventAndGrantIntegrationTest {

    private static final long ARG = Platform.RAM_BASE + 0x2000;
    private final Hypervisor hv = TestHypervisor.start(64);
    private final Domain a = TestHypervisor.domU(hv, "front", 2, 1);
    private final Domain b = TestHypervisor.domU(hv, "back", 2, 1);

    @AfterEach
    void close() {
        hv.close();
    }

    private static GuestMemoryAccessor mem(Domain d) {
        return new GuestMemoryAccessor(d.memory());
    }

    private static void u16(GuestMemoryAccessor m, long gpa, int v) {
        m.write(gpa, new byte[] {(byte) v, (byte) (v >> 8)}, 0, 2);
    }

    /** b allocates an unbound port for a; a binds to it; returns {aPort, bPort}. */
    private int[] connect() {
        GuestMemoryAccessor mb = mem(b);
        u16(mb, ARG + EvtchnAllocUnboundLayout.DOM, DomId.SELF);
        u16(mb, ARG + EvtchnAllocUnboundLayout.REMOTE_DOM, a.domid());
        assertEquals(0, TestHypervisor.cpu(b, 0).hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.ALLOC_UNBOUND, ARG));
        int bPort = (int) mb.readU32(ARG + EvtchnAllocUnboundLayout.PORT);
        GuestMemoryAccessor ma = mem(a);
        u16(ma, ARG + EvtchnBindInterdomainLayout.REMOTE_DOM, b.domid());
        ma.writeU32(ARG + EvtchnBindInterdomainLayout.REMOTE_PORT, bPort);
        assertEquals(0, TestHypervisor.cpu(a, 0).hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.BIND_INTERDOMAIN,
                ARG));
        int aPort = (int) ma.readU32(ARG + EvtchnBindInterdomainLayout.LOCAL_PORT);
        assertTrue(aPort > 0 && bPort > 0);
        return new int[] {aPort, bPort};
    }

    private static boolean pending(Domain d, int port) {
        long w = d.sharedInfo().get(ValueLayout.JAVA_LONG, SharedInfoLayout.EVTCHN_PENDING + 8L * (port / 64));
        return (w & (1L << (port % 64))) != 0;
    }

    private void startBlocked(Domain d, List<String> trace) {
        ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
        cpu.then(v -> v.ecall(SbiExtension.XEN, Hypercall.SCHED_OP, SchedOp.BLOCK).outcome() == EcallOutcome.BLOCK
                ? RunExit.BLOCKED : null);
        cpu.then(v -> {
            trace.add("upcall seip=" + v.interruptPending(Platform.SIP_SEIP));
            d.vcpuInfo(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 0); // the guest handler clears upcall_pending
            v.hypercall(Hypercall.PARAVANE_UPCALL_ACK);
            trace.add("acked seip=" + v.interruptPending(Platform.SIP_SEIP));
            return null;
        });
        hv.scheduler().up(d.vcpu(0));
        hv.domains().unpause(d.domid());
        assertTrue(TestHypervisor.await(() -> d.vcpu(0).state() == VcpuRunState.BLOCKED));
    }

    @Test
    void sendFromOneGuestWakesTheOtherBlockedInSchedOpBlock() {
        int[] ports = connect();
        List<String> trace = new CopyOnWriteArrayList<>();
        startBlocked(b, trace);
        assertEquals(List.of(), trace);
        GuestMemoryAccessor ma = mem(a);
        ma.writeU32(ARG, ports[0]);
        assertEquals(0, TestHypervisor.cpu(a, 0).hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.SEND, ARG));
        assertTrue(TestHypervisor.await(() -> trace.size() == 2));
        assertEquals(List.of("upcall seip=true", "acked seip=false"), trace);
        assertTrue(pending(b, ports[1]));
    }

    @Test
    void virqTimerArrivesOnTheBoundPort() {
        GuestMemoryAccessor mb = mem(b);
        mb.writeU32(ARG + EvtchnBindVirqLayout.VIRQ, Virq.TIMER);
        mb.writeU32(ARG + EvtchnBindVirqLayout.VCPU, 0);
        assertEquals(0, TestHypervisor.cpu(b, 0).hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.BIND_VIRQ, ARG));
        int port = (int) mb.readU32(ARG + EvtchnBindVirqLayout.PORT);
        List<String> trace = new CopyOnWriteArrayList<>();
        startBlocked(b, trace);
        ScriptedVcpu cpu = TestHypervisor.cpu(b, 0);
        assertEquals(0, cpu.hypercall(Hypercall.SET_TIMER_OP, hv.clock().systemTimeNs() + 2_000_000));
        assertTrue(TestHypervisor.await(() -> trace.size() == 2));
        assertTrue(pending(b, port));
    }

    @Test
    void domExcReachesTheDomainThatBoundIt() {
        GuestMemoryAccessor ma = mem(a);
        ma.writeU32(ARG + EvtchnBindVirqLayout.VIRQ, Virq.DOM_EXC);
        ma.writeU32(ARG + EvtchnBindVirqLayout.VCPU, 0);
        assertEquals(0, TestHypervisor.cpu(a, 0).hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.BIND_VIRQ, ARG));
        int port = (int) ma.readU32(ARG + EvtchnBindVirqLayout.PORT);
        hv.domains().shutdown(b.domid(), ShutdownReason.POWEROFF);
        assertTrue(pending(a, port));
    }

    @Test
    void consoleInputRaisesVirqConsoleOnThatDomain() {
        GuestMemoryAccessor mb = mem(b);
        mb.writeU32(ARG + EvtchnBindVirqLayout.VIRQ, Virq.CONSOLE);
        mb.writeU32(ARG + EvtchnBindVirqLayout.VCPU, 0);
        assertEquals(0, TestHypervisor.cpu(b, 0).hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.BIND_VIRQ, ARG));
        int port = (int) mb.readU32(ARG + EvtchnBindVirqLayout.PORT);
        a.console().offerInput(new byte[] {'x'});
        assertFalse(pending(b, port), "input to another domain's console");
        b.console().offerInput(new byte[] {'y'});
        assertTrue(pending(b, port));
        assertEquals('y', TestHypervisor.cpu(b, 0).ecall(SbiExtension.LEGACY_CONSOLE_GETCHAR, 0).a0());
    }

    @Test
    void grantMapShowsTheGrantersFrameAndDestroyReleasesEverything() {
        // a grants its RAM frame 40 to b at ref 8 (facts §3.5: domid, frame, then flags).
        long gfn = Platform.RAM_BASE / 4096 + 40;
        a.memory().ram().set(ValueLayout.JAVA_LONG, 40L * 4096, 0xC0FFEEL);
        MemorySegment table = hv.grants().tableFrame(a.domid(), 0);
        assertNotNull(table);
        table.set(ValueLayout.JAVA_SHORT, 8 * 8 + 2, (short) b.domid());
        table.set(ValueLayout.JAVA_INT, 8 * 8 + 4, (int) gfn);
        table.set(ValueLayout.JAVA_SHORT, 8 * 8, (short) Gtf.PERMIT_ACCESS);
        // b maps it at a frame outside its RAM.
        GuestMemoryAccessor mb = mem(b);
        long hostAddr = 0x100L * 4096;
        mb.writeU64(ARG + GnttabMapGrantRefLayout.HOST_ADDR, hostAddr);
        mb.writeU32(ARG + GnttabMapGrantRefLayout.FLAGS, Gntmap.HOST_MAP);
        mb.writeU32(ARG + GnttabMapGrantRefLayout.REF, 8);
        u16(mb, ARG + GnttabMapGrantRefLayout.DOM, a.domid());
        ScriptedVcpu cb = TestHypervisor.cpu(b, 0);
        assertEquals(0, cb.hypercall(Hypercall.GRANT_TABLE_OP, GnttabOp.MAP_GRANT_REF, ARG, 1));
        byte[] st = new byte[2];
        mb.read(ARG + GnttabMapGrantRefLayout.STATUS, st, 0, 2);
        assertEquals(Gntst.OKAY, (short) ((st[0] & 0xFF) | st[1] << 8));
        MemorySegment seen = b.memory().frameOutsideRam(0x100);
        assertNotNull(seen, "the engine finds the foreign frame outside RAM");
        assertEquals(0xC0FFEEL, seen.get(ValueLayout.JAVA_LONG, 0));
        assertTrue(cb.invalidations() > 0);
        short flags = table.get(ValueLayout.JAVA_SHORT, 8 * 8);
        assertTrue((flags & Gtf.READING) != 0 && (flags & Gtf.WRITING) != 0, "GTF_reading|writing while mapped");
        assertEquals(1, hv.grants().activeGrants(a.domid()));
        // Destroying the mapper releases its mapping, and the granter can revoke again.
        hv.domains().destroy(b.domid());
        assertEquals(0, hv.grants().activeGrants(a.domid()));
        flags = table.get(ValueLayout.JAVA_SHORT, 8 * 8);
        assertFalse((flags & (Gtf.READING | Gtf.WRITING)) != 0);
        assertEquals(-1, hv.events().portsInUse(b.domid()));
        hv.domains().destroy(a.domid());
        assertNull(hv.domains().get(a.domid()));
        assertEquals(0, hv.budget().chargedFrames());
    }

    @Test
    void registerVcpuInfoReRaisesPendingEventsInTheNewArea() {
        int[] ports = connect();
        GuestMemoryAccessor ma = mem(a);
        ma.writeU32(ARG, ports[0]);
        assertEquals(0, TestHypervisor.cpu(a, 0).hypercall(Hypercall.EVENT_CHANNEL_OP, EvtchnOp.SEND, ARG));
        ScriptedVcpu cb = TestHypervisor.cpu(b, 0);
        b.vcpuInfo(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 0); // as if the guest cleared it mid-copy
        cb.setInterruptPending(Platform.SIP_SEIP, false);
        GuestMemoryAccessor mb = mem(b);
        long frame = Platform.RAM_BASE / 4096 + 30;
        mb.writeU64(ARG, frame);
        mb.writeU32(ARG + 8, 0);
        assertEquals(0, cb.hypercall(Hypercall.VCPU_OP, org.paravane.api.abi.VcpuOp.REGISTER_VCPU_INFO, 0, ARG));
        assertEquals(1, b.vcpuInfo(0).get(ValueLayout.JAVA_BYTE, 0), "upcall_pending set in the new area");
        assertTrue(cb.interruptPending(Platform.SIP_SEIP), "and the vCPU kicked");
    }

    @Test
    void aFrameMappedThroughAGrantCannotBeBallooned() {
        long gfn = Platform.RAM_BASE / 4096 + 42;
        MemorySegment table = hv.grants().tableFrame(a.domid(), 0);
        table.set(ValueLayout.JAVA_SHORT, 10 * 8 + 2, (short) b.domid());
        table.set(ValueLayout.JAVA_INT, 10 * 8 + 4, (int) gfn);
        table.set(ValueLayout.JAVA_SHORT, 10 * 8, (short) Gtf.PERMIT_ACCESS);
        GuestMemoryAccessor mb = mem(b);
        mb.writeU64(ARG + GnttabMapGrantRefLayout.HOST_ADDR, 0x180L * 4096);
        mb.writeU32(ARG + GnttabMapGrantRefLayout.FLAGS, Gntmap.HOST_MAP);
        mb.writeU32(ARG + GnttabMapGrantRefLayout.REF, 10);
        u16(mb, ARG + GnttabMapGrantRefLayout.DOM, a.domid());
        assertEquals(0, TestHypervisor.cpu(b, 0).hypercall(Hypercall.GRANT_TABLE_OP, GnttabOp.MAP_GRANT_REF, ARG, 1));
        GuestMemoryAccessor ma = mem(a);
        long list = ARG + 0x200;
        ma.writeU64(list, gfn);
        ma.writeU64(ARG + org.paravane.api.abi.MemoryReservationLayout.EXTENT_START, list);
        ma.writeU64(ARG + org.paravane.api.abi.MemoryReservationLayout.NR_EXTENTS, 1);
        ma.writeU32(ARG + org.paravane.api.abi.MemoryReservationLayout.EXTENT_ORDER, 0);
        u16(ma, ARG + org.paravane.api.abi.MemoryReservationLayout.DOMID, DomId.SELF);
        assertEquals(0, TestHypervisor.cpu(a, 0).hypercall(Hypercall.MEMORY_OP,
                org.paravane.api.abi.XenMem.DECREASE_RESERVATION, ARG), "pinned by b's mapping");
        assertTrue(a.memory().isPopulated(gfn));
    }

    @Test
    void unmapRemovesTheForeignFrame() {
        long gfn = Platform.RAM_BASE / 4096 + 41;
        MemorySegment table = hv.grants().tableFrame(a.domid(), 0);
        table.set(ValueLayout.JAVA_SHORT, 9 * 8 + 2, (short) b.domid());
        table.set(ValueLayout.JAVA_INT, 9 * 8 + 4, (int) gfn);
        table.set(ValueLayout.JAVA_SHORT, 9 * 8, (short) (Gtf.PERMIT_ACCESS | Gtf.READONLY));
        GuestMemoryAccessor mb = mem(b);
        long hostAddr = 0x200L * 4096;
        mb.writeU64(ARG + GnttabMapGrantRefLayout.HOST_ADDR, hostAddr);
        mb.writeU32(ARG + GnttabMapGrantRefLayout.FLAGS, Gntmap.HOST_MAP | Gntmap.READONLY);
        mb.writeU32(ARG + GnttabMapGrantRefLayout.REF, 9);
        u16(mb, ARG + GnttabMapGrantRefLayout.DOM, a.domid());
        ScriptedVcpu cb = TestHypervisor.cpu(b, 0);
        assertEquals(0, cb.hypercall(Hypercall.GRANT_TABLE_OP, GnttabOp.MAP_GRANT_REF, ARG, 1));
        MemorySegment seen = b.memory().frameOutsideRam(0x200);
        assertTrue(seen.isReadOnly(), "a read-only grant is mapped read-only");
        long handle = mb.readU32(ARG + GnttabMapGrantRefLayout.HANDLE);
        long u = ARG + 0x100;
        mb.writeU64(u + GnttabUnmapGrantRefLayout.HOST_ADDR, hostAddr);
        mb.writeU64(u + GnttabUnmapGrantRefLayout.DEV_BUS_ADDR, 0);
        mb.writeU32(u + GnttabUnmapGrantRefLayout.HANDLE, (int) handle);
        assertEquals(0, cb.hypercall(Hypercall.GRANT_TABLE_OP, GnttabOp.UNMAP_GRANT_REF, u, 1));
        assertNull(b.memory().frameOutsideRam(0x200));
        assertEquals(0, hv.grants().activeGrants(a.domid()));
    }
}
