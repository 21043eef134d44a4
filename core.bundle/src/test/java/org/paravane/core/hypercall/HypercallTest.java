package org.paravane.core.hypercall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.AddToPhysmapLayout;
import org.paravane.api.abi.ConsoleIo;
import org.paravane.api.abi.DomId;
import org.paravane.api.abi.HvmOp;
import org.paravane.api.abi.HvmParam;
import org.paravane.api.abi.HvmParamLayout;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.MemoryReservationLayout;
import org.paravane.api.abi.MulticallEntryLayout;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SbiConstants;
import org.paravane.api.abi.SbiExtension;
import org.paravane.api.abi.SbiFunction;
import org.paravane.api.abi.SchedOp;
import org.paravane.api.abi.SharedInfoLayout;
import org.paravane.api.abi.VcpuOp;
import org.paravane.api.abi.XenErrno;
import org.paravane.api.abi.XenMapSpace;
import org.paravane.api.abi.XenMem;
import org.paravane.api.abi.XenVer;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.memory.GuestMemoryAccessor;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/** Every implemented hypercall and SBI call, with their error paths, through environmentCall. */
class HypercallTest {

    static final long RAM = Platform.RAM_BASE;
    static final long BUF = RAM + 0x10000;

    private final Hypervisor hv = TestHypervisor.start(64);
    private final Domain d = TestHypervisor.domU(hv, "guest", 4, 2);
    private final Domain other = TestHypervisor.domU(hv, "other", 1, 1);
    private final ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
    private final GuestMemoryAccessor mem = new GuestMemoryAccessor(d.memory());

    @AfterEach
    void close() {
        hv.close();
    }

    private long call(long nr, long... args) {
        return cpu.hypercall(nr, args);
    }

    // ------------------------------------------------------------ decoding

    @Test
    void unknownAndUnroutedHypercallsReturnEnosys() {
        assertEquals(-XenErrno.ENOSYS, call(0));
        assertEquals(-XenErrno.ENOSYS, call(63));
        assertEquals(-XenErrno.ENOSYS, call(64));
        assertEquals(-XenErrno.ENOSYS, call(-1));
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.EVENT_CHANNEL_OP, 11, BUF), "routed; FIFO ABI not offered");
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.GRANT_TABLE_OP, 8, BUF, 1), "routed; set_version not offered");
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.DOMCTL, 0, BUF));
        assertEquals(-XenErrno.E2BIG, call(Hypercall.GRANT_TABLE_OP, 5, BUF, Platform.MAX_GNTTAB_BATCH + 1),
                "no continuations: batches are bounded");
        assertEquals(-XenErrno.E2BIG, call(Hypercall.GRANT_TABLE_OP, 5, BUF, -1L));
        assertEquals(0, hv.hypercalls().dispatcher().internalErrors());
    }

    @Test
    void onlyA0IsWrittenByAHypercall() {
        cpu.setRegister(5, 1234);
        call(Hypercall.XEN_VERSION, XenVer.VERSION);
        assertEquals(1234, cpu.register(5));
        assertEquals(Hypercall.XEN_VERSION, cpu.register(16));
    }

    // ------------------------------------------------------------ xen_version

    @Test
    void xenVersion() {
        assertEquals((4 << 16) | 19, call(Hypercall.XEN_VERSION, XenVer.VERSION));
        assertEquals(4096, call(Hypercall.XEN_VERSION, XenVer.PAGESIZE));
        assertEquals(0, call(Hypercall.XEN_VERSION, XenVer.EXTRAVERSION, BUF));
        assertEquals(".0-paravane", cString(BUF, 16));
        assertEquals(0, call(Hypercall.XEN_VERSION, XenVer.CAPABILITIES, BUF));
        assertEquals("xen-3.0-riscv64", cString(BUF, 1024));
        assertEquals(0, call(Hypercall.XEN_VERSION, XenVer.COMPILE_INFO, BUF));
        assertTrue(cString(BUF, 64).startsWith("javac"));
        mem.writeU32(BUF, 0);
        assertEquals(0, call(Hypercall.XEN_VERSION, XenVer.GET_FEATURES, BUF));
        assertEquals(1 << 2, mem.readU32(BUF + 4), "auto_translated_physmap, not dom0");
        mem.writeU32(BUF, 5);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.XEN_VERSION, XenVer.GET_FEATURES, BUF));
        assertEquals(0, call(Hypercall.XEN_VERSION, XenVer.GUEST_HANDLE, BUF));
        assertEquals(d.uuid().getMostSignificantBits(), Long.reverseBytes(mem.readU64(BUF)));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.XEN_VERSION, XenVer.EXTRAVERSION, 0x1000));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.XEN_VERSION, XenVer.CAPABILITIES, RAM + (4 << 20) - 100));
        assertEquals(-XenErrno.ENODATA, call(Hypercall.XEN_VERSION, XenVer.BUILD_ID, BUF));
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.XEN_VERSION, 99, BUF));
    }

    private String cString(long gpa, int max) {
        byte[] b = new byte[max];
        assertTrue(mem.read(gpa, b, 0, max));
        int n = 0;
        while (n < max && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------ console_io

    @Test
    void consoleWriteFiltersUnprivilegedOutputAndReadIsPrivileged() {
        byte[] text = "hi\u0007\n".getBytes(StandardCharsets.ISO_8859_1);
        mem.write(BUF, text, 0, text.length);
        assertEquals(0, call(Hypercall.CONSOLE_IO, ConsoleIo.WRITE, text.length, BUF));
        assertEquals("hi?\n", new String(d.console().contents(), StandardCharsets.US_ASCII));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.CONSOLE_IO, ConsoleIo.WRITE, 10, 0));
        assertEquals(-XenErrno.EINVAL, call(Hypercall.CONSOLE_IO, ConsoleIo.WRITE, -1, BUF));
        assertEquals(-XenErrno.EINVAL, call(Hypercall.CONSOLE_IO, ConsoleIo.WRITE, 2 << 20, BUF));
        assertEquals(-XenErrno.EPERM, call(Hypercall.CONSOLE_IO, ConsoleIo.READ, 10, BUF));
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.CONSOLE_IO, 7, 10, BUF));
        assertEquals(4, d.console().totalWritten());
    }

    // ------------------------------------------------------------ memory_op

    private void reservation(long extents, long n, int order, int domid) {
        byte[] z = new byte[MemoryReservationLayout.SIZEOF];
        mem.write(BUF, z, 0, z.length);
        mem.writeU64(BUF + MemoryReservationLayout.EXTENT_START, extents);
        mem.writeU64(BUF + MemoryReservationLayout.NR_EXTENTS, n);
        mem.writeU32(BUF + MemoryReservationLayout.EXTENT_ORDER, order);
        mem.write(BUF + MemoryReservationLayout.DOMID, new byte[] {(byte) domid, (byte) (domid >> 8)}, 0, 2);
    }

    @Test
    void balloonDownAndUp() {
        long list = BUF + 0x100;
        long gfnA = RAM / 4096 + 1000;
        long gfnB = RAM / 4096 + 1001;
        d.memory().ram().set(ValueLayout.JAVA_LONG, 1000L * 4096, 0x1234L);
        mem.writeU64(list, gfnA);
        mem.writeU64(list + 8, gfnB);
        reservation(list, 2, 0, DomId.SELF);
        assertEquals(2, call(Hypercall.MEMORY_OP, XenMem.DECREASE_RESERVATION, BUF));
        assertEquals(1022, d.memory().currentFrames());
        assertEquals(0, d.memory().ram().get(ValueLayout.JAVA_LONG, 1000L * 4096), "released frames are scrubbed");
        assertFalse(mem.isValid(gfnA * 4096, 8), "hypercalls refuse ballooned-out frames");
        assertEquals(1022, call(Hypercall.MEMORY_OP, XenMem.CURRENT_RESERVATION, writeDomid(DomId.SELF)));
        assertEquals(1024, call(Hypercall.MEMORY_OP, XenMem.MAXIMUM_RESERVATION, writeDomid(DomId.SELF)));
        reservation(list, 1, 0, DomId.SELF);
        assertEquals(0, call(Hypercall.MEMORY_OP, XenMem.DECREASE_RESERVATION, BUF), "gfnA is no longer populated");
        assertEquals(1, call(Hypercall.MEMORY_OP, XenMem.POPULATE_PHYSMAP, BUF));
        assertTrue(d.memory().isPopulated(gfnA));
        reservation(list, 5, 0, DomId.SELF);
        assertEquals(1, call(Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION, BUF), "only one frame below max");
        assertEquals(gfnB, mem.readU64(list));
        assertEquals(1024, d.memory().currentFrames());
        assertEquals(0, call(Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION, BUF), "at max_pages");
    }

    private long writeDomid(int domid) {
        mem.write(BUF + 0x800, new byte[] {(byte) domid, (byte) (domid >> 8)}, 0, 2);
        return BUF + 0x800;
    }

    @Test
    void memoryOpErrors() {
        reservation(BUF + 0x100, 1, 1, DomId.SELF);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION, BUF), "order 1");
        reservation(BUF + 0x100, 1, 0, other.domid());
        assertEquals(-XenErrno.EPERM, call(Hypercall.MEMORY_OP, XenMem.DECREASE_RESERVATION, BUF), "wrong domain");
        assertEquals(-XenErrno.EPERM, call(Hypercall.MEMORY_OP, XenMem.CURRENT_RESERVATION, writeDomid(0)));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION, 0x10));
        assertEquals(-XenErrno.EINVAL, call(Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION | (1 << 6), BUF));
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.MEMORY_OP, XenMem.EXCHANGE, BUF));
        assertEquals(RAM / 4096 + 1023, call(Hypercall.MEMORY_OP, XenMem.MAXIMUM_RAM_PAGE));
    }

    @Test
    void increaseReservationBeyondTheHostBudgetIsEnomem() {
        Hypervisor small = TestHypervisor.start(2);
        try {
            Domain g = small.domains().create(new org.paravane.api.domain.DomainConfig("g", null, 1024, 4096, 1,
                    256, 0));
            ScriptedVcpu c = TestHypervisor.cpu(g, 0);
            GuestMemoryAccessor m = new GuestMemoryAccessor(g.memory());
            long arg = RAM + 0x1000;
            m.writeU64(arg + MemoryReservationLayout.EXTENT_START, 0);
            m.writeU64(arg + MemoryReservationLayout.NR_EXTENTS, 1024);
            m.write(arg + MemoryReservationLayout.DOMID, new byte[] {(byte) 0xF0, 0x7F}, 0, 2);
            assertEquals(256, c.hypercall(Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION, arg),
                    "2 MiB budget: 256 more frames fit");
            assertEquals(-XenErrno.ENOMEM, c.hypercall(Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION, arg));
            assertEquals(512, small.budget().chargedFrames());
        } finally {
            small.close();
        }
    }

    @Test
    void addToPhysmapMapsSharedInfoOutsideRamOnly() {
        long gpfn = 0x1000; // below RAM
        writePhysmap(DomId.SELF, XenMapSpace.SHARED_INFO, 0, gpfn);
        assertEquals(0, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF));
        assertSame(d.sharedInfo(), d.memory().frameOutsideRam(gpfn));
        assertTrue(cpu.invalidations() > 0, "engines drop cached translations");
        writePhysmap(DomId.SELF, XenMapSpace.SHARED_INFO, 0, gpfn + 1);
        assertEquals(0, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF));
        assertNull(d.memory().frameOutsideRam(gpfn), "moved, not duplicated");
        writePhysmap(DomId.SELF, XenMapSpace.SHARED_INFO, 0, RAM / 4096 + 5);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF), "over RAM");
        writePhysmap(DomId.SELF, XenMapSpace.SHARED_INFO, 1, gpfn);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF), "idx 1");
        writePhysmap(DomId.SELF, XenMapSpace.GRANT_TABLE, 0, gpfn + 8);
        assertEquals(0, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF));
        assertEquals(hv.grants().tableFrame(d.domid(), 0).address(), d.memory().frameOutsideRam(gpfn + 8).address());
        writePhysmap(DomId.SELF, XenMapSpace.GRANT_TABLE, 64, gpfn + 9);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF), "beyond 64 frames");
        writePhysmap(DomId.SELF, XenMapSpace.GMFN_FOREIGN, 0, gpfn);
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF));
        writePhysmap(other.domid(), XenMapSpace.SHARED_INFO, 0, gpfn);
        assertEquals(-XenErrno.EPERM, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF));
        assertNull(other.memory().frameOutsideRam(gpfn));
    }

    private void writePhysmap(int domid, int space, long idx, long gpfn) {
        mem.write(BUF + AddToPhysmapLayout.DOMID, new byte[] {(byte) domid, (byte) (domid >> 8), 0, 0}, 0, 4);
        mem.writeU32(BUF + AddToPhysmapLayout.SPACE, space);
        mem.writeU64(BUF + AddToPhysmapLayout.IDX, idx);
        mem.writeU64(BUF + AddToPhysmapLayout.GPFN, gpfn);
    }

    // ------------------------------------------------------------ hvm_op

    @Test
    void hvmParams() {
        d.setHvmParam(HvmParam.STORE_PFN, 0x80123);
        hvm(DomId.SELF, HvmParam.STORE_PFN, 0);
        assertEquals(0, call(Hypercall.HVM_OP, HvmOp.GET_PARAM, BUF));
        assertEquals(0x80123, mem.readU64(BUF + HvmParamLayout.VALUE));
        hvm(DomId.SELF, HvmParam.CALLBACK_IRQ, 0);
        assertEquals(0, call(Hypercall.HVM_OP, HvmOp.GET_PARAM, BUF));
        assertEquals((2L << 56) | 9, mem.readU64(BUF + HvmParamLayout.VALUE));
        hvm(DomId.SELF, HvmParam.STORE_PFN, 7);
        assertEquals(-XenErrno.EPERM, call(Hypercall.HVM_OP, HvmOp.SET_PARAM, BUF), "a guest cannot set its own");
        hvm(other.domid(), HvmParam.STORE_PFN, 0);
        assertEquals(-XenErrno.EPERM, call(Hypercall.HVM_OP, HvmOp.GET_PARAM, BUF), "wrong domain");
        hvm(DomId.SELF, 1000, 0);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.HVM_OP, HvmOp.GET_PARAM, BUF));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.HVM_OP, HvmOp.GET_PARAM, 8));
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.HVM_OP, 5, BUF));
        // A driver domain with rights over `other` may set its parameters.
        hv.policy().grantRights(d.domid(), other.domid());
        hvm(other.domid(), HvmParam.CONSOLE_EVTCHN, 3);
        assertEquals(0, call(Hypercall.HVM_OP, HvmOp.SET_PARAM, BUF));
        assertEquals(3, other.hvmParam(HvmParam.CONSOLE_EVTCHN));
        hvm(0x7000, HvmParam.CONSOLE_EVTCHN, 3);
        hv.policy().grantRights(d.domid(), 0x7000);
        assertEquals(-XenErrno.ESRCH, call(Hypercall.HVM_OP, HvmOp.SET_PARAM, BUF));
    }

    private void hvm(int domid, int index, long value) {
        mem.write(BUF, new byte[] {(byte) domid, (byte) (domid >> 8), 0, 0}, 0, 4);
        mem.writeU32(BUF + HvmParamLayout.INDEX, index);
        mem.writeU64(BUF + HvmParamLayout.VALUE, value);
    }

    // ------------------------------------------------------------ vcpu_op

    @Test
    void vcpuOps() {
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.IS_UP, 1));
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.UP, 1));
        assertEquals(1, call(Hypercall.VCPU_OP, VcpuOp.IS_UP, 1));
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.DOWN, 1));
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.IS_UP, 1));
        assertEquals(-XenErrno.ENOENT, call(Hypercall.VCPU_OP, VcpuOp.UP, 2));
        assertEquals(-XenErrno.ENOENT, call(Hypercall.VCPU_OP, VcpuOp.UP, -1));
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.VCPU_OP, VcpuOp.INITIALISE, 0, BUF));
        // Down on oneself stops the calling vCPU.
        cpu.hypercall(Hypercall.VCPU_OP, VcpuOp.DOWN, 0);
        assertEquals(EcallOutcome.STOP, cpu.ecall(SbiExtension.XEN, Hypercall.VCPU_OP, VcpuOp.DOWN, 0).outcome());
    }

    @Test
    void registerVcpuInfoCopiesTheSlotOnceAndOnlyOnce() {
        d.sharedInfo().set(ValueLayout.JAVA_LONG, SharedInfoLayout.VCPU_INFO0 + 8, 0xABCDL);
        long frame = RAM / 4096 + 20;
        mem.writeU64(BUF, frame);
        mem.writeU32(BUF + 8, 64);
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.REGISTER_VCPU_INFO, 0, BUF));
        assertEquals(0xABCDL, mem.readU64(frame * 4096 + 64 + 8) & 0xABCDL, "current contents moved along");
        assertEquals(-1L, mem.readU64(frame * 4096 + 64 + 8), "and every selector bit set (Xen's map_vcpu_info)");
        assertEquals(1, d.vcpuInfo(0).get(ValueLayout.JAVA_BYTE, 0), "upcall_pending set: one harmless scan");
        assertEquals(frame * 4096 + 64, d.vcpuInfoGpa(0));
        assertEquals(frame * 4096 + 64, d.vcpuInfo(0).address() - d.memory().ram().address() + RAM);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.VCPU_OP, VcpuOp.REGISTER_VCPU_INFO, 0, BUF), "once only");
        mem.writeU32(BUF + 8, 4096 - 40);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.VCPU_OP, VcpuOp.REGISTER_VCPU_INFO, 1, BUF), "crosses page");
        mem.writeU64(BUF, 5);
        mem.writeU32(BUF + 8, 0);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.VCPU_OP, VcpuOp.REGISTER_VCPU_INFO, 1, BUF), "not RAM");
        assertEquals(-XenErrno.EFAULT, call(Hypercall.VCPU_OP, VcpuOp.REGISTER_VCPU_INFO, 1, 0));
        assertNull(d.vcpuInfo(1), "vCPU 1 has no vcpu_info until it registers one");
        mem.writeU64(BUF, frame);
        mem.writeU32(BUF + 8, 128);
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.REGISTER_VCPU_INFO, 1, BUF));
        assertEquals(1_000_000_000L, org.paravane.core.domain.GuestTimeInfo.systemTimeNs(10_000_000L, d.vcpuInfo(1)),
                "a fresh vcpu_info carries the time scale");
    }

    @Test
    void timeInfoConvertsTheTimeCsrToSystemTimeExactly() {
        var vi = d.vcpuInfo(0);
        for (long ticks : new long[] {0, 1, 10_000_000L, 123_456_789_012L, 1L << 40}) {
            assertEquals(ticks * 100, org.paravane.core.domain.GuestTimeInfo.systemTimeNs(ticks, vi), "ticks " + ticks);
        }
        long wcSec = Integer.toUnsignedLong(d.sharedInfo().get(ValueLayout.JAVA_INT, SharedInfoLayout.WC_SEC));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(wcSec <= now && wcSec > now - 3600, "wallclock origin is the hypervisor's start: " + wcSec);
    }

    @Test
    void singleshotTimer() {
        long now = hv.clock().systemTimeNs();
        mem.writeU64(BUF, now - 1000);
        mem.writeU32(BUF + 8, VcpuOp.SSHOTTMR_FUTURE);
        assertEquals(-XenErrno.ETIME, call(Hypercall.VCPU_OP, VcpuOp.SET_SINGLESHOT_TIMER, 0, BUF));
        mem.writeU64(BUF, now + 3_600_000_000_000L);
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.SET_SINGLESHOT_TIMER, 0, BUF));
        assertTrue(d.vcpu(0).xenTimerArmed());
        assertEquals(0, call(Hypercall.VCPU_OP, VcpuOp.STOP_SINGLESHOT_TIMER, 0));
        assertFalse(d.vcpu(0).xenTimerArmed());
    }

    // ------------------------------------------------------------ sched_op, set_timer_op

    @Test
    void yieldBlockAndPoll() {
        assertEquals(EcallOutcome.YIELD, cpu.ecall(SbiExtension.XEN, Hypercall.SCHED_OP, SchedOp.YIELD).outcome());
        assertEquals(EcallOutcome.BLOCK, cpu.ecall(SbiExtension.XEN, Hypercall.SCHED_OP, SchedOp.BLOCK).outcome());
        d.vcpuInfo(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        assertEquals(EcallOutcome.CONTINUE, cpu.ecall(SbiExtension.XEN, Hypercall.SCHED_OP, SchedOp.BLOCK).outcome(),
                "an event is pending: block returns at once");
        d.vcpuInfo(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
        // poll on ports 3 and 70
        mem.writeU32(BUF + 0x100, 3);
        mem.writeU32(BUF + 0x104, 70);
        mem.writeU64(BUF, BUF + 0x100);
        mem.writeU32(BUF + 8, 2);
        mem.writeU64(BUF + 16, 0);
        assertEquals(EcallOutcome.BLOCK, cpu.ecall(SbiExtension.XEN, Hypercall.SCHED_OP, SchedOp.POLL, BUF).outcome());
        d.sharedInfo().set(ValueLayout.JAVA_LONG, SharedInfoLayout.EVTCHN_PENDING + 8, 1L << 6);
        var r = cpu.ecall(SbiExtension.XEN, Hypercall.SCHED_OP, SchedOp.POLL, BUF);
        assertEquals(0, r.a0());
        assertEquals(EcallOutcome.CONTINUE, r.outcome(), "port 70 is pending");
        mem.writeU32(BUF + 8, 129);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.SCHED_OP, SchedOp.POLL, BUF), "more than 128 ports");
        mem.writeU32(BUF + 8, 1);
        mem.writeU32(BUF + 0x100, 4096);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.SCHED_OP, SchedOp.POLL, BUF), "port out of range");
        mem.writeU64(BUF, 0x10);
        assertEquals(-XenErrno.EFAULT, call(Hypercall.SCHED_OP, SchedOp.POLL, BUF));
        assertEquals(-XenErrno.ENOSYS, call(Hypercall.SCHED_OP, 7, BUF), "pin_override");
        assertEquals(0, call(Hypercall.SET_TIMER_OP, hv.clock().systemTimeNs() + 3_600_000_000_000L));
        assertTrue(d.vcpu(0).xenTimerArmed());
        assertEquals(0, call(Hypercall.SET_TIMER_OP, 0));
        assertFalse(d.vcpu(0).xenTimerArmed());
    }

    @Test
    void watchdogsAreCreatedPokedDestroyedAndFire() {
        mem.writeU32(BUF, 0);
        mem.writeU32(BUF + 4, 3600);
        assertEquals(1, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF));
        assertEquals(2, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF));
        assertEquals(-XenErrno.ENOSPC, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF), "two per domain");
        mem.writeU32(BUF, 1);
        assertEquals(0, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF), "poke");
        mem.writeU32(BUF + 4, 0);
        assertEquals(0, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF), "destroy");
        assertEquals(-XenErrno.ENOENT, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF), "gone");
        mem.writeU32(BUF, 9);
        mem.writeU32(BUF + 4, 5);
        assertEquals(-XenErrno.ENOENT, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.SCHED_OP, SchedOp.WATCHDOG, 0));
        assertEquals(1, d.watchdogs().count());
        // A watchdog that is not poked shuts the domain down with reason watchdog.
        Domain w = TestHypervisor.domU(hv, "wd", 1, 1);
        GuestMemoryAccessor wm = new GuestMemoryAccessor(w.memory());
        wm.writeU32(BUF, 0);
        wm.writeU32(BUF + 4, 1);
        assertEquals(1, TestHypervisor.cpu(w, 0).hypercall(Hypercall.SCHED_OP, SchedOp.WATCHDOG, BUF));
        assertTrue(TestHypervisor.await(() -> w.state() == DomainState.SHUTDOWN));
        assertEquals(ShutdownReason.WATCHDOG, w.shutdownReason());
        hv.domains().destroy(d.domid());
        assertEquals(0, d.watchdogs().count(), "destroy cancels watchdogs");
    }

    @Test
    void removeFromPhysmapUnmapsFramesOutsideRamOnly() {
        writePhysmap(DomId.SELF, XenMapSpace.SHARED_INFO, 0, 0x300);
        assertEquals(0, call(Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, BUF));
        mem.write(BUF + 0x400, new byte[] {(byte) 0xF0, 0x7F}, 0, 2);
        mem.writeU64(BUF + 0x408, 0x300);
        assertEquals(0, call(Hypercall.MEMORY_OP, XenMem.REMOVE_FROM_PHYSMAP, BUF + 0x400));
        assertNull(d.memory().frameOutsideRam(0x300));
        assertEquals(-XenErrno.EINVAL, call(Hypercall.MEMORY_OP, XenMem.REMOVE_FROM_PHYSMAP, BUF + 0x400));
        mem.writeU64(BUF + 0x408, RAM / 4096);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.MEMORY_OP, XenMem.REMOVE_FROM_PHYSMAP, BUF + 0x400), "RAM");
        mem.write(BUF + 0x400, new byte[] {(byte) other.domid(), 0}, 0, 2);
        assertEquals(-XenErrno.EPERM, call(Hypercall.MEMORY_OP, XenMem.REMOVE_FROM_PHYSMAP, BUF + 0x400));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.MEMORY_OP, XenMem.REMOVE_FROM_PHYSMAP, 0));
    }

    @Test
    void shutdownAndShutdownCode() {
        mem.writeU32(BUF, 77);
        assertEquals(-XenErrno.EINVAL, call(Hypercall.SCHED_OP, SchedOp.SHUTDOWN, BUF));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.SCHED_OP, SchedOp.SHUTDOWN, 4));
        mem.writeU32(BUF, ShutdownReason.SUSPEND.code());
        assertEquals(0, call(Hypercall.SCHED_OP, SchedOp.SHUTDOWN_CODE, BUF));
        assertEquals(ShutdownReason.SUSPEND, d.pendingShutdownCode());
        mem.writeU32(BUF, ShutdownReason.REBOOT.code());
        var r = cpu.ecall(SbiExtension.XEN, Hypercall.SCHED_OP, SchedOp.SHUTDOWN, BUF);
        assertEquals(0, r.a0());
        assertEquals(EcallOutcome.STOP, r.outcome());
        assertEquals(DomainState.SHUTDOWN, d.state());
        assertEquals(ShutdownReason.REBOOT, d.shutdownReason());
    }

    @Test
    void remoteShutdownNeedsRights() {
        mem.write(BUF, new byte[] {(byte) other.domid(), 0, 0, 0}, 0, 4);
        mem.writeU32(BUF + 4, ShutdownReason.POWEROFF.code());
        assertEquals(-XenErrno.EPERM, call(Hypercall.SCHED_OP, SchedOp.REMOTE_SHUTDOWN, BUF));
        assertEquals(DomainState.PAUSED, other.state());
        hv.policy().grantRights(d.domid(), other.domid());
        assertEquals(0, call(Hypercall.SCHED_OP, SchedOp.REMOTE_SHUTDOWN, BUF));
        assertEquals(DomainState.SHUTDOWN, other.state());
        mem.write(BUF, new byte[] {0, 0}, 0, 2);
        assertEquals(-XenErrno.EPERM, call(Hypercall.SCHED_OP, SchedOp.REMOTE_SHUTDOWN, BUF), "dom0");
    }

    // ------------------------------------------------------------ multicall

    @Test
    void multicallReportsPerEntryResults() {
        long arr = BUF + 0x1000;
        entry(arr, 0, Hypercall.XEN_VERSION, XenVer.VERSION);
        entry(arr, 1, Hypercall.XEN_VERSION, XenVer.PAGESIZE);
        entry(arr, 2, 40, 0);
        entry(arr, 3, Hypercall.MULTICALL, arr, 1);
        entry(arr, 4, Hypercall.SCHED_OP, SchedOp.BLOCK);
        assertEquals(0, call(Hypercall.MULTICALL, arr, 5));
        assertEquals((4 << 16) | 19, mem.readU64(arr + MulticallEntryLayout.RESULT));
        assertEquals(4096, mem.readU64(arr + 64 + MulticallEntryLayout.RESULT));
        assertEquals(-XenErrno.ENOSYS, mem.readU64(arr + 128 + MulticallEntryLayout.RESULT));
        assertEquals(-XenErrno.EINVAL, mem.readU64(arr + 192 + MulticallEntryLayout.RESULT), "nested");
        assertEquals(-XenErrno.EINVAL, mem.readU64(arr + 256 + MulticallEntryLayout.RESULT), "would block");
        assertEquals(-XenErrno.E2BIG, call(Hypercall.MULTICALL, arr, 129));
        assertEquals(-XenErrno.EFAULT, call(Hypercall.MULTICALL, RAM + (4 << 20) - 64, 2));
        assertEquals(-XenErrno.E2BIG, call(Hypercall.MULTICALL, arr, -1));
    }

    private void entry(long arr, int i, long op, long... args) {
        long at = arr + 64L * i;
        mem.writeU64(at, op);
        mem.writeU64(at + 8, 0xDEAD);
        for (int k = 0; k < 6; k++) {
            mem.writeU64(at + 16 + 8L * k, k < args.length ? args[k] : 0);
        }
    }

    // ------------------------------------------------------------ SBI

    @Test
    void sbiBaseAndProbe() {
        var r = cpu.ecall(0x10, SbiFunction.BASE_GET_SPEC_VERSION);
        assertEquals(0, r.a0());
        assertEquals(0x02000000, r.a1());
        assertEquals(1, cpu.ecall(0x10, SbiFunction.BASE_PROBE_EXTENSION, SbiExtension.XEN).a1());
        assertEquals(1, cpu.ecall(0x10, SbiFunction.BASE_PROBE_EXTENSION, SbiExtension.HSM).a1());
        assertEquals(0, cpu.ecall(0x10, SbiFunction.BASE_PROBE_EXTENSION, 0x4442434E).a1());
        assertEquals(SbiConstants.IMPL_ID_PARAVANE, cpu.ecall(0x10, SbiFunction.BASE_GET_IMPL_ID).a1());
        assertEquals(SbiConstants.ERR_NOT_SUPPORTED, cpu.ecall(0x10, 99).a0());
        assertEquals(SbiConstants.ERR_NOT_SUPPORTED, cpu.ecall(0x4442434E, 0).a0(), "DBCN not offered");
    }

    @Test
    void sbiTimerRaisesStip() {
        assertEquals(0, cpu.ecall(SbiExtension.TIME, SbiFunction.TIME_SET_TIMER, 0).a0());
        assertTrue(TestHypervisor.await(() -> cpu.interruptPending(Platform.SIP_STIP)));
        cpu.ecall(SbiExtension.TIME, SbiFunction.TIME_SET_TIMER, -1L);
        assertFalse(cpu.interruptPending(Platform.SIP_STIP), "a new set_timer clears STIP");
        assertEquals(0, cpu.ecall(SbiExtension.LEGACY_SET_TIMER, 0, 0).a0());
        assertTrue(TestHypervisor.await(() -> cpu.interruptPending(Platform.SIP_STIP)));
    }

    @Test
    void sbiConsoleLegacyCalls() {
        cpu.ecall(SbiExtension.LEGACY_CONSOLE_PUTCHAR, 0, 'o');
        cpu.ecall(SbiExtension.LEGACY_CONSOLE_PUTCHAR, 0, 'k');
        assertEquals("ok", new String(d.console().contents(), StandardCharsets.US_ASCII));
        assertEquals(-1, cpu.ecall(SbiExtension.LEGACY_CONSOLE_GETCHAR, 0).a0());
        d.console().offerInput(new byte[] {'x'});
        assertEquals('x', cpu.ecall(SbiExtension.LEGACY_CONSOLE_GETCHAR, 0).a0());
    }

    @Test
    void sbiHsmStartsAndStopsHarts() {
        var r = cpu.ecall(SbiExtension.HSM, SbiFunction.HSM_HART_GET_STATUS, 1);
        assertEquals(SbiConstants.HSM_STATE_STOPPED, r.a1());
        assertEquals(SbiConstants.ERR_INVALID_ADDRESS,
                cpu.ecall(SbiExtension.HSM, SbiFunction.HSM_HART_START, 1, 0x1000, 7).a0());
        assertEquals(0, cpu.ecall(SbiExtension.HSM, SbiFunction.HSM_HART_START, 1, RAM + 0x200000, 7).a0());
        ScriptedVcpu c1 = TestHypervisor.cpu(d, 1);
        assertEquals(RAM + 0x200000, c1.pc());
        assertEquals(1, c1.register(10));
        assertEquals(7, c1.register(11));
        assertEquals(SbiConstants.HSM_STATE_STARTED, cpu.ecall(SbiExtension.HSM, SbiFunction.HSM_HART_GET_STATUS, 1).a1());
        assertEquals(SbiConstants.ERR_ALREADY_AVAILABLE,
                cpu.ecall(SbiExtension.HSM, SbiFunction.HSM_HART_START, 1, RAM, 0).a0());
        assertEquals(SbiConstants.ERR_INVALID_PARAM, cpu.ecall(SbiExtension.HSM, SbiFunction.HSM_HART_START, 9, RAM, 0).a0());
        assertEquals(EcallOutcome.STOP, cpu.ecall(SbiExtension.HSM, SbiFunction.HSM_HART_STOP).outcome());
    }

    @Test
    void sbiSystemResetShutsTheDomainDown() {
        assertEquals(SbiConstants.ERR_INVALID_PARAM, cpu.ecall(SbiExtension.SRST, 0, 9, 0).a0());
        var r = cpu.ecall(SbiExtension.SRST, 0, SbiConstants.SRST_TYPE_COLD_REBOOT, 0);
        assertEquals(EcallOutcome.STOP, r.outcome());
        assertEquals(ShutdownReason.REBOOT, d.shutdownReason());
        Domain g = TestHypervisor.domU(hv, "g2", 1, 1);
        TestHypervisor.cpu(g, 0).ecall(SbiExtension.SRST, 0, SbiConstants.SRST_TYPE_SHUTDOWN,
                SbiConstants.SRST_REASON_SYSTEM_FAILURE);
        assertEquals(ShutdownReason.CRASH, g.shutdownReason());
        Domain h = TestHypervisor.domU(hv, "g3", 1, 1);
        TestHypervisor.cpu(h, 0).ecall(SbiExtension.LEGACY_SHUTDOWN, 0);
        assertEquals(ShutdownReason.POWEROFF, h.shutdownReason());
        assertNotNull(h.info());
    }

    @Test
    void bufferPointersAreGuestPhysicalAndBoundsChecked() {
        byte[] one = {1};
        assertTrue(mem.write(RAM + (4 << 20) - 1, one, 0, 1));
        assertFalse(mem.write(RAM + (4 << 20), one, 0, 1), "one past RAM");
        assertFalse(mem.write(RAM - 1, one, 0, 1));
        assertFalse(mem.write(Long.MAX_VALUE, one, 0, 1));
        assertFalse(mem.read(RAM, new byte[2], 1, 2), "destination array too small");
        assertEquals(GuestMemoryAccessor.FAULT, mem.readU64(RAM + (4 << 20) - 4));
        assertArrayEquals(new byte[] {1}, readBack(RAM + (4 << 20) - 1));
    }

    private byte[] readBack(long gpa) {
        byte[] b = new byte[1];
        mem.read(gpa, b, 0, 1);
        return b;
    }
}
