package org.paravane.core.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.grant.TestGrantHost.gfn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.DomId;
import org.paravane.api.abi.GntCopy;
import org.paravane.api.abi.Gntmap;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.GnttabCopyLayout;
import org.paravane.api.abi.GnttabMapGrantRefLayout;
import org.paravane.api.abi.GnttabOp;
import org.paravane.api.abi.GnttabQuerySizeLayout;
import org.paravane.api.abi.GnttabSetupTableLayout;
import org.paravane.api.abi.GnttabTransferLayout;
import org.paravane.api.abi.GnttabUnmapGrantRefLayout;
import org.paravane.api.abi.Gtf;
import org.paravane.api.abi.XenErrno;
import org.paravane.core.evtchn.TestGuestMemory;
import org.paravane.core.policy.DefaultSecurityPolicy;

/** grant_table_op through guest memory: struct layouts, per-element status, whole-call errors. */
class GrantTableHypercallTest {

    private static final long ARGS = TestGuestMemory.BASE + 0x2000;
    private static final long LIST = TestGuestMemory.BASE + 0x3000;
    private static final long FOREIGN_GPA = 0x4000_0000L;

    private TestGrantHost host;
    private GrantTables gt;
    private GrantTableHypercall hc;
    private TestGuestMemory mem;
    private Granter g1;

    @BeforeEach
    void setUp() {
        host = new TestGrantHost();
        host.addDomain(1, 8, 8);
        host.addDomain(2, 8, 8);
        gt = new GrantTables(host, new DefaultSecurityPolicy());
        gt.createDomain(1);
        gt.createDomain(2);
        hc = new GrantTableHypercall(gt);
        mem = new TestGuestMemory(1 << 16);
        g1 = new Granter(gt, 1);
        for (int i = 0; i < 8; i++) {
            host.raw(1, i).fill((byte) (0x10 + i));
        }
    }

    @AfterEach
    void tearDown() {
        gt.destroyDomain(1);
        gt.destroyDomain(2);
        host.close();
        mem.close();
    }

    private void putMap(long at, long hostAddr, int flags, int ref, int dom) {
        mem.writeU64(at + GnttabMapGrantRefLayout.HOST_ADDR, hostAddr);
        mem.writeU32(at + GnttabMapGrantRefLayout.FLAGS, flags);
        mem.writeU32(at + GnttabMapGrantRefLayout.REF, ref);
        mem.putU16(at + GnttabMapGrantRefLayout.DOM, dom);
        mem.putU16(at + GnttabMapGrantRefLayout.STATUS, 0x5555);
    }

    @Test
    void batchedMapAndUnmapReportStatusPerElement() {
        g1.permit(8, 2, gfn(3), false);
        int size = GnttabMapGrantRefLayout.SIZEOF;
        putMap(ARGS, FOREIGN_GPA, Gntmap.HOST_MAP, 8, 1);
        putMap(ARGS + size, FOREIGN_GPA + 4096, Gntmap.HOST_MAP, 9, 1); // ref 9 not granted
        putMap(ARGS + 2 * size, FOREIGN_GPA + 8192, Gntmap.HOST_MAP, 8, 3); // no domain 3
        assertEquals(0, hc.dispatch(2, GnttabOp.MAP_GRANT_REF, ARGS, 3, mem));
        assertEquals(Gntst.OKAY, mem.i16(ARGS + GnttabMapGrantRefLayout.STATUS));
        long handle = mem.u32(ARGS + GnttabMapGrantRefLayout.HANDLE);
        assertEquals(0, mem.readU64(ARGS + GnttabMapGrantRefLayout.DEV_BUS_ADDR));
        assertEquals(Gntst.GENERAL_ERROR, mem.i16(ARGS + size + GnttabMapGrantRefLayout.STATUS));
        assertEquals(Gntst.BAD_DOMAIN, mem.i16(ARGS + 2 * size + GnttabMapGrantRefLayout.STATUS));
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READING | Gtf.WRITING, g1.flags(8));

        int us = GnttabUnmapGrantRefLayout.SIZEOF;
        mem.writeU64(ARGS + GnttabUnmapGrantRefLayout.HOST_ADDR, FOREIGN_GPA);
        mem.writeU64(ARGS + GnttabUnmapGrantRefLayout.DEV_BUS_ADDR, 0);
        mem.writeU32(ARGS + GnttabUnmapGrantRefLayout.HANDLE, (int) handle);
        mem.writeU64(ARGS + us + GnttabUnmapGrantRefLayout.HOST_ADDR, 0);
        mem.writeU64(ARGS + us + GnttabUnmapGrantRefLayout.DEV_BUS_ADDR, 0);
        mem.writeU32(ARGS + us + GnttabUnmapGrantRefLayout.HANDLE, 1234);
        assertEquals(0, hc.dispatch(2, GnttabOp.UNMAP_GRANT_REF, ARGS, 2, mem));
        assertEquals(Gntst.OKAY, mem.i16(ARGS + GnttabUnmapGrantRefLayout.STATUS));
        assertEquals(Gntst.BAD_HANDLE, mem.i16(ARGS + us + GnttabUnmapGrantRefLayout.STATUS));
        assertEquals(Gtf.PERMIT_ACCESS, g1.flags(8));
    }

    @Test
    void copyAndTransferElements() {
        g1.permit(8, 2, gfn(4), true);
        long c = ARGS;
        mem.writeU64(c + GnttabCopyLayout.SOURCE_U, 0xFFFF_FFFF_0000_0008L); // only the low u32 is the ref
        mem.putU16(c + GnttabCopyLayout.SOURCE_DOMID, 1);
        mem.putU16(c + GnttabCopyLayout.SOURCE_OFFSET, 16);
        mem.writeU64(c + GnttabCopyLayout.DEST_U, gfn(1));
        mem.putU16(c + GnttabCopyLayout.DEST_DOMID, DomId.SELF);
        mem.putU16(c + GnttabCopyLayout.DEST_OFFSET, 32);
        mem.putU16(c + GnttabCopyLayout.LEN, 64);
        mem.putU16(c + GnttabCopyLayout.FLAGS, GntCopy.SOURCE_GREF);
        assertEquals(0, hc.dispatch(2, GnttabOp.COPY, ARGS, 1, mem));
        assertEquals(Gntst.OKAY, mem.i16(c + GnttabCopyLayout.STATUS));
        assertEquals(0x14, TestGrantHost.at(host.raw(2, 1), 32));
        assertEquals(0x14, TestGrantHost.at(host.raw(2, 1), 95));
        mem.putU16(c + GnttabCopyLayout.LEN, 4096);
        assertEquals(0, hc.dispatch(2, GnttabOp.COPY, ARGS, 1, mem));
        assertEquals(Gntst.BAD_COPY_ARG, mem.i16(c + GnttabCopyLayout.STATUS));

        new Granter(gt, 2).acceptTransfer(9, 1, gfn(6));
        host.unpopulate(2, gfn(6));
        long t = ARGS + 0x100;
        mem.writeU64(t + GnttabTransferLayout.MFN, gfn(7));
        mem.putU16(t + GnttabTransferLayout.DOMID, 2);
        mem.writeU32(t + GnttabTransferLayout.REF, 9);
        assertEquals(0, hc.dispatch(1, GnttabOp.TRANSFER, t, 1, mem));
        assertEquals(Gntst.OKAY, mem.i16(t + GnttabTransferLayout.STATUS));
        assertEquals(0x17, TestGrantHost.at(host.raw(2, 6), 0));
    }

    @Test
    void setupTableAndQuerySizeStructs() {
        long s = ARGS;
        mem.putU16(s + GnttabSetupTableLayout.DOM, DomId.SELF);
        mem.writeU32(s + GnttabSetupTableLayout.NR_FRAMES, 2);
        mem.writeU64(s + GnttabSetupTableLayout.FRAME_LIST, LIST);
        gt.noteTableFrameMapped(2, 0, 0x4_2000L);
        assertEquals(0, hc.dispatch(2, GnttabOp.SETUP_TABLE, s, 1, mem));
        assertEquals(Gntst.OKAY, mem.i16(s + GnttabSetupTableLayout.STATUS));
        assertEquals(0x4_2000L, mem.readU64(LIST));
        assertEquals(-1L, mem.readU64(LIST + 8));
        mem.writeU64(s + GnttabSetupTableLayout.FRAME_LIST, 0x10);
        assertEquals(0, hc.dispatch(2, GnttabOp.SETUP_TABLE, s, 1, mem));
        assertEquals(Gntst.BAD_VIRT_ADDR, mem.i16(s + GnttabSetupTableLayout.STATUS));
        assertEquals(-XenErrno.EINVAL, hc.dispatch(2, GnttabOp.SETUP_TABLE, s, 2, mem));

        long q = ARGS + 0x100;
        mem.putU16(q + GnttabQuerySizeLayout.DOM, DomId.SELF);
        assertEquals(0, hc.dispatch(2, GnttabOp.QUERY_SIZE, q, 1, mem));
        assertEquals(2, mem.u32(q + GnttabQuerySizeLayout.NR_FRAMES));
        assertEquals(GrantTables.DEFAULT_MAX_FRAMES, mem.u32(q + GnttabQuerySizeLayout.MAX_NR_FRAMES));
        assertEquals(Gntst.OKAY, mem.i16(q + GnttabQuerySizeLayout.STATUS));
        mem.putU16(q + GnttabQuerySizeLayout.DOM, 1);
        assertEquals(0, hc.dispatch(2, GnttabOp.QUERY_SIZE, q, 1, mem));
        assertEquals(Gntst.PERMISSION_DENIED, mem.i16(q + GnttabQuerySizeLayout.STATUS));
        assertEquals(-XenErrno.EINVAL, hc.dispatch(2, GnttabOp.QUERY_SIZE, q, 0, mem));
    }

    @Test
    void wholeCallErrors() {
        assertEquals(-XenErrno.EFAULT, hc.dispatch(2, GnttabOp.MAP_GRANT_REF, 0x1000, 1, mem));
        assertEquals(-XenErrno.EINVAL, hc.dispatch(2, GnttabOp.COPY, ARGS, 1L << 33, mem));
        assertEquals(-XenErrno.EINVAL, hc.dispatch(2, GnttabOp.COPY, ARGS, -1, mem));
        assertEquals(0, hc.dispatch(2, GnttabOp.COPY, ARGS, 0, mem), "nothing to do");
        assertEquals(-XenErrno.ENOSYS, hc.dispatch(2, GnttabOp.SET_VERSION, ARGS, 1, mem));
        assertEquals(-XenErrno.ENOSYS, hc.dispatch(2, GnttabOp.DUMP_TABLE, ARGS, 1, mem));
        assertEquals(-XenErrno.ENOSYS, hc.dispatch(2, 1L << 35, ARGS, 1, mem));
        // A batch running off the end of RAM: the elements before the fault are processed.
        g1.permit(8, 2, gfn(3), true);
        int size = GnttabMapGrantRefLayout.SIZEOF;
        long last = TestGuestMemory.BASE + (1 << 16) - size;
        putMap(last, FOREIGN_GPA, Gntmap.HOST_MAP | Gntmap.READONLY, 8, 1);
        assertEquals(-XenErrno.EFAULT, hc.dispatch(2, GnttabOp.MAP_GRANT_REF, last, 2, mem));
        assertEquals(Gntst.OKAY, mem.i16(last + GnttabMapGrantRefLayout.STATUS));
        assertEquals(1, gt.handlesInUse(2));
        assertTrue((g1.flags(8) & Gtf.READING) != 0);
    }
}
