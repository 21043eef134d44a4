package org.paravane.core.grant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.grant.TestGrantHost.gfn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.DomId;
import org.paravane.api.abi.Gntmap;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;
import org.paravane.core.policy.Action;
import org.paravane.core.policy.DefaultSecurityPolicy;

/** Every GNTTABOP worker, its GNTST_* error paths, and the GTF_* flag protocol (facts §3). */
class GrantTablesTest {

    private static final long FOREIGN_GPA = 0x4000_0000L; // outside RAM: where guests map grants

    private TestGrantHost host;
    private GrantTables gt;
    private Granter g1;
    private Granter g2;

    @BeforeEach
    void setUp() {
        host = new TestGrantHost();
        host.addDomain(0, 1, 1);
        host.addDomain(1, 16, 16);
        host.addDomain(2, 16, 16);
        gt = new GrantTables(host, new DefaultSecurityPolicy());
        gt.createDomain(0);
        gt.createDomain(1);
        gt.createDomain(2, 4);
        g1 = new Granter(gt, 1);
        g2 = new Granter(gt, 2);
        for (int i = 0; i < 16; i++) {
            TestGrantHost.fill(host.raw(1, i), (byte) (0x10 + i));
            TestGrantHost.fill(host.raw(2, i), (byte) (0x40 + i));
        }
    }

    @AfterEach
    void tearDown() {
        gt.destroyDomain(0);
        gt.destroyDomain(1);
        gt.destroyDomain(2);
        host.close();
    }

    // ------------------------------------------------------------ map / unmap (dom0)

    @Test
    void dom0MapsAGrantAsASegmentBoundedToTheFrame() {
        g1.permit(10, 0, gfn(3), false);
        MapResult m = gt.mapForDom0(1, 10, false);
        assertEquals(Gntst.OKAY, m.status());
        assertEquals(4096, m.segment().byteSize());
        assertEquals(0x13, TestGrantHost.at(m.segment(), 100), "the granted frame's bytes");
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READING | Gtf.WRITING, g1.flags(10));
        m.segment().set(ValueLayout.JAVA_BYTE, 5, (byte) 0x77);
        assertEquals(0x77, TestGrantHost.at(host.raw(1, 3), 5), "writes reach the granter's frame");
        assertThrows(IndexOutOfBoundsException.class, () -> m.segment().get(ValueLayout.JAVA_BYTE, 4096),
                "nothing beyond the granted frame");
        assertFalse(g1.endAccess(10), "the granter cannot revoke while mapped");
        assertEquals(Gntst.OKAY, gt.unmapForDom0(m.handle(), m.segment()));
        assertThrows(IllegalStateException.class, () -> m.segment().get(ValueLayout.JAVA_BYTE, 0),
                "the segment is revoked at unmap");
        assertEquals(Gtf.PERMIT_ACCESS, g1.flags(10), "reading and writing cleared");
        assertTrue(g1.endAccess(10));
        assertEquals(0, gt.activeGrants(1));
        assertEquals(0, gt.handlesInUse(0));
    }

    @Test
    void readOnlyMapGivesAReadOnlySegmentAndOnlyGtfReading() {
        g1.permit(11, 0, gfn(4), true);
        assertEquals(Gntst.GENERAL_ERROR, gt.mapForDom0(1, 11, false).status(), "write-map of a read-only grant");
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READONLY, g1.flags(11), "a failed map leaves the flags alone");
        MapResult m = gt.mapForDom0(1, 11, true);
        assertEquals(Gntst.OKAY, m.status());
        assertTrue(m.segment().isReadOnly());
        assertThrows(IllegalArgumentException.class, () -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1),
                "the JDK refuses writes through a read-only segment");
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READONLY | Gtf.READING, g1.flags(11));
        assertEquals(Gntst.OKAY, gt.unmapForDom0(m.handle(), m.segment()));
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READONLY, g1.flags(11));
    }

    @Test
    void pinCountsKeepFlagsUntilTheLastUnmap() {
        g1.permit(12, 0, gfn(5), false);
        MapResult r1 = gt.mapForDom0(1, 12, true);
        MapResult w1 = gt.mapForDom0(1, 12, false);
        MapResult r2 = gt.mapForDom0(1, 12, true);
        assertEquals(3, gt.handlesInUse(0));
        assertEquals(1, gt.activeGrants(1));
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READING | Gtf.WRITING, g1.flags(12));
        assertEquals(Gntst.OKAY, gt.unmapForDom0(w1.handle(), w1.segment()));
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READING, g1.flags(12), "no writer left");
        assertEquals(Gntst.OKAY, gt.unmapForDom0(r1.handle(), r1.segment()));
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READING, g1.flags(12));
        assertEquals(0x15, TestGrantHost.at(r2.segment(), 0), "the remaining mapping still works");
        assertEquals(Gntst.OKAY, gt.unmapForDom0(r2.handle(), r2.segment()));
        assertEquals(Gtf.PERMIT_ACCESS, g1.flags(12));
        assertEquals(0, gt.activeGrants(1));
    }

    @Test
    void mapErrors() {
        g1.permit(20, 2, gfn(1), false); // names domain 2, not dom0
        assertEquals(Gntst.GENERAL_ERROR, gt.mapForDom0(1, 20, true).status(), "grant names another domain");
        assertEquals(Gntst.GENERAL_ERROR, gt.mapForDom0(1, 21, true).status(), "GTF_invalid");
        g1.acceptTransfer(22, 0, gfn(1));
        assertEquals(Gntst.GENERAL_ERROR, gt.mapForDom0(1, 22, true).status(), "accept_transfer is not mappable");
        g1.write(23, 0, gfn(1), Gtf.PERMIT_ACCESS | Gtf.SUB_PAGE);
        assertEquals(Gntst.GENERAL_ERROR, gt.mapForDom0(1, 23, true).status(), "sub-page grants are copy-only");
        g1.write(24, 0, gfn(1), Gtf.TRANSITIVE);
        assertEquals(Gntst.GENERAL_ERROR, gt.mapForDom0(1, 24, true).status(), "transitive is v2 only");
        g1.permit(25, 0, gfn(99), false);
        assertEquals(Gntst.BAD_PAGE, gt.mapForDom0(1, 25, true).status(), "frame not populated");
        assertEquals(Gtf.PERMIT_ACCESS, g1.flags(25), "flags restored after bad_page");
        assertEquals(Gntst.BAD_GNTREF, gt.mapForDom0(1, 512, true).status(), "beyond the table (1 frame)");
        assertEquals(Gntst.BAD_GNTREF, gt.mapForDom0(1, -1, true).status());
        assertEquals(Gntst.BAD_DOMAIN, gt.mapForDom0(7, 1, true).status());
        assertEquals(Gntst.BAD_DOMAIN, gt.mapForDom0(DomId.SELF, 1, true).status(), "Xen looks the granter up by id");
        assertEquals(0, gt.handlesInUse(0));
        assertEquals(0, gt.activeGrants(1));
    }

    @Test
    void aGrantPinnedByOneDomainCannotBePinnedByAnother() {
        g1.permit(30, 0, gfn(2), false);
        MapResult m = gt.mapForDom0(1, 30, true);
        assertEquals(Gntst.OKAY, m.status());
        // The granter (wrongly) re-points the entry to domain 2 while it is mapped.
        g1.write(30, 2, gfn(2), Gtf.PERMIT_ACCESS | Gtf.READING);
        assertEquals(Gntst.GENERAL_ERROR, gt.map(2, 1, 30, Gntmap.HOST_MAP, FOREIGN_GPA).status());
        gt.unmapForDom0(m.handle(), m.segment());
    }

    @Test
    void policyAndHandleLimits() {
        GrantTables strict = new GrantTables(host, (caller, action, target) ->
                caller == target || action != Action.GNTTAB_MAP, 2);
        strict.createDomain(0);
        strict.createDomain(1);
        Granter g = new Granter(strict, 1);
        g.permit(8, 0, gfn(1), false);
        assertEquals(Gntst.PERMISSION_DENIED, strict.mapForDom0(1, 8, true).status());
        strict.destroyDomain(0);
        strict.destroyDomain(1);

        GrantTables small = new GrantTables(host, new DefaultSecurityPolicy(), 2);
        small.createDomain(0);
        small.createDomain(1);
        Granter h = new Granter(small, 1);
        h.permit(8, 0, gfn(1), true);
        assertEquals(Gntst.OKAY, small.mapForDom0(1, 8, true).status());
        assertEquals(Gntst.OKAY, small.mapForDom0(1, 8, true).status());
        assertEquals(Gntst.NO_SPACE, small.mapForDom0(1, 8, true).status(), "handle table full");
        small.destroyDomain(1);
        assertEquals(0, small.handlesInUse(0), "the granter's death released dom0's mappings");
        small.destroyDomain(0);
    }

    // ------------------------------------------------------------ map / unmap (guest mapper)

    @Test
    void guestMapsIntoItsPhysmapAndUnmaps() {
        g1.permit(40, 2, gfn(6), false);
        MapResult m = gt.map(2, 1, 40, Gntmap.HOST_MAP, FOREIGN_GPA);
        assertEquals(Gntst.OKAY, m.status());
        assertNull(m.segment());
        assertEquals(0, m.devBusAddr());
        assertEquals(1, host.foreignMappings(2));
        assertEquals(Gntst.BAD_VIRT_ADDR, gt.map(2, 1, 40, Gntmap.HOST_MAP, FOREIGN_GPA).status(), "address taken");
        assertEquals(Gntst.BAD_VIRT_ADDR, gt.map(2, 1, 40, Gntmap.HOST_MAP, 0x8000_0000L).status(), "inside RAM");
        assertEquals(Gntst.GENERAL_ERROR, gt.unmap(2, m.handle(), FOREIGN_GPA + 4096, 0), "host_addr mismatch");
        assertEquals(Gntst.BAD_DEV_ADDR, gt.unmap(2, m.handle(), 0, 0x1000), "dev_bus_addr mismatch");
        assertEquals(Gntst.BAD_HANDLE, gt.unmap(2, m.handle() + 1, 0, 0));
        assertEquals(Gntst.BAD_HANDLE, gt.unmap(2, -1, 0, 0));
        assertEquals(Gntst.BAD_HANDLE, gt.unmap(1, m.handle(), 0, 0), "handles are per mapping domain");
        assertEquals(Gntst.OKAY, gt.unmap(2, m.handle(), FOREIGN_GPA, 0));
        assertEquals(0, host.foreignMappings(2));
        assertEquals(Gntst.BAD_HANDLE, gt.unmap(2, m.handle(), 0, 0), "double unmap");
        assertEquals(Gtf.PERMIT_ACCESS, g1.flags(40));
    }

    @Test
    void mapFlagErrors() {
        g1.permit(41, 2, gfn(6), false);
        assertEquals(Gntst.BAD_GNTREF, gt.map(2, 1, 41, 0, FOREIGN_GPA).status(), "neither host nor device map");
        assertEquals(Gntst.GENERAL_ERROR, gt.map(2, 1, 41, Gntmap.HOST_MAP | Gntmap.CONTAINS_PTE, FOREIGN_GPA).status());
        assertEquals(Gntst.GENERAL_ERROR, gt.map(2, 1, 41, Gntmap.DEVICE_MAP, FOREIGN_GPA).status(),
                "no device mappings for auto-translated guests");
        assertEquals(Gntst.GENERAL_ERROR, gt.map(2, 1, 41, Gntmap.HOST_MAP | Gntmap.APPLICATION_MAP, FOREIGN_GPA).status());
        assertEquals(Gtf.PERMIT_ACCESS, g1.flags(41));
    }

    // ------------------------------------------------------------ revoke protocol

    @Test
    void revokedGrantCannotBeMappedAndMappedGrantCannotBeRevoked() {
        g1.permit(50, 0, gfn(7), false);
        assertTrue(g1.endAccess(50), "unused: the granter ends access");
        assertEquals(Gntst.GENERAL_ERROR, gt.mapForDom0(1, 50, true).status(), "revoked");
        g1.permit(50, 0, gfn(7), false);
        MapResult m = gt.mapForDom0(1, 50, true);
        assertFalse(g1.endAccess(50));
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READING, g1.flags(50));
        gt.unmapForDom0(m.handle(), m.segment());
        assertTrue(g1.endAccess(50));
        assertEquals(0, g1.flags(50));
    }

    // ------------------------------------------------------------ copy

    @Test
    void copyBetweenGrantsFramesAndLocalBuffers() {
        g1.permit(60, 0, gfn(8), true);
        g2.permit(61, 0, gfn(9), false);
        // grant → grant, as dom0
        assertEquals(Gntst.OKAY, gt.copy(0, CopySide.ofGrant(1, 60, 100), CopySide.ofGrant(2, 61, 200), 50));
        assertEquals(0x18, TestGrantHost.at(host.raw(2, 9), 200));
        assertEquals(0x18, TestGrantHost.at(host.raw(2, 9), 249));
        assertEquals(0x49, TestGrantHost.at(host.raw(2, 9), 250), "exactly len bytes");
        assertEquals(0x49, TestGrantHost.at(host.raw(2, 9), 199));
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READONLY, g1.flags(60), "temporary pins are dropped");
        assertEquals(Gtf.PERMIT_ACCESS, g2.flags(61));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            assertEquals(Gntst.OKAY, gt.copy(0, CopySide.ofGrant(1, 60, 0), CopySide.ofLocal(buf), 4096));
            assertEquals(0x18, buf.get(ValueLayout.JAVA_BYTE, 4095));
            buf.fill((byte) 0x5A);
            assertEquals(Gntst.OKAY, gt.copy(0, CopySide.ofLocal(buf), CopySide.ofGrant(2, 61, 4000), 96));
            assertEquals(0x5A, TestGrantHost.at(host.raw(2, 9), 4095));
            assertEquals(Gntst.BAD_COPY_ARG, gt.copy(0, CopySide.ofLocal(buf), CopySide.ofGrant(2, 61, 4000), 97));
            assertEquals(Gntst.BAD_COPY_ARG, gt.copy(0, CopySide.ofLocal(buf.asSlice(0, 10)),
                    CopySide.ofGrant(2, 61, 0), 11), "local buffer too small");
            assertEquals(Gntst.BAD_COPY_ARG, gt.copy(0, CopySide.ofGrant(2, 61, 0),
                    CopySide.ofLocal(buf.asReadOnly()), 1), "read-only destination buffer");
            assertEquals(Gntst.PERMISSION_DENIED, gt.copy(1, CopySide.ofLocal(buf),
                    CopySide.ofFrame(DomId.SELF, gfn(1), 0), 1), "only dom0 has local buffers");
        }
        // a guest copying its own frame into a grant made to it
        g2.permit(62, 1, gfn(10), false);
        assertEquals(Gntst.OKAY, gt.copy(1, CopySide.ofFrame(DomId.SELF, gfn(2), 0), CopySide.ofGrant(2, 62, 0), 4096));
        assertEquals(0x12, TestGrantHost.at(host.raw(2, 10), 4095));
    }

    @Test
    void copyErrors() {
        g1.permit(70, 0, gfn(8), true);
        g2.permit(71, 0, gfn(9), false);
        assertEquals(Gntst.GENERAL_ERROR, gt.copy(0, CopySide.ofGrant(2, 71, 0), CopySide.ofGrant(1, 70, 0), 8),
                "destination grant is read-only");
        assertEquals(Gntst.BAD_COPY_ARG, gt.copy(0, CopySide.ofGrant(1, 70, 4090), CopySide.ofGrant(2, 71, 0), 8),
                "source crosses the frame end");
        assertEquals(Gntst.BAD_COPY_ARG, gt.copy(0, CopySide.ofGrant(1, 70, 0), CopySide.ofGrant(2, 71, 65535), 8));
        assertEquals(Gntst.BAD_GNTREF, gt.copy(0, CopySide.ofGrant(1, 5000, 0), CopySide.ofGrant(2, 71, 0), 8));
        assertEquals(Gntst.BAD_DOMAIN, gt.copy(0, CopySide.ofGrant(9, 1, 0), CopySide.ofGrant(2, 71, 0), 8));
        assertEquals(Gntst.PERMISSION_DENIED, gt.copy(1, CopySide.ofFrame(2, gfn(1), 0), CopySide.ofGrant(2, 71, 0), 8),
                "copy by frame only from the caller's own frames");
        assertEquals(Gntst.BAD_PAGE, gt.copy(1, CopySide.ofFrame(DomId.SELF, gfn(200), 0),
                CopySide.ofFrame(DomId.SELF, gfn(1), 0), 8), "local frame not populated");
        assertEquals(Gntst.GENERAL_ERROR, gt.copy(1, CopySide.ofGrant(2, 71, 0), CopySide.ofFrame(DomId.SELF, gfn(1), 0), 8),
                "grant 71 names dom0, not domain 1");
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READONLY, g1.flags(70));
        assertEquals(Gtf.PERMIT_ACCESS, g2.flags(71));
        assertEquals(0, gt.activeGrants(1) + gt.activeGrants(2));
    }

    // ------------------------------------------------------------ transfer

    @Test
    void transferMovesThePageIntoTheAcceptingSlot() {
        g2.acceptTransfer(80, 1, gfn(12));
        host.unpopulate(2, gfn(12));
        assertEquals(Gntst.OKAY, gt.transfer(1, gfn(5), 2, 80));
        assertFalse(host.isPopulated(1, gfn(5)), "the donor lost the page");
        assertTrue(host.isPopulated(2, gfn(12)));
        assertEquals(0x15, TestGrantHost.at(host.raw(2, 12), 4095), "the content moved");
        assertEquals(Gtf.ACCEPT_TRANSFER | Gtf.TRANSFER_COMMITTED | Gtf.TRANSFER_COMPLETED, g2.flags(80));
        assertEquals(gfn(12), g2.frame(80));
        assertEquals(Gntst.GENERAL_ERROR, gt.transfer(1, gfn(6), 2, 80), "slot already committed");
        assertFalse(host.isPopulated(1, gfn(6)), "a failed transfer still costs the donor the page");
    }

    @Test
    void transferErrors() {
        assertEquals(Gntst.BAD_PAGE, gt.transfer(1, gfn(99), 2, 1), "donor frame absent");
        assertEquals(Gntst.BAD_DOMAIN, gt.transfer(1, gfn(1), 9, 1));
        assertFalse(host.isPopulated(1, gfn(1)), "lost on bad_domain, as in Xen");
        assertTrue(host.isPopulated(1, gfn(2)));
        assertEquals(Gntst.GENERAL_ERROR, gt.transfer(1, gfn(2), 2, 81), "no accept_transfer entry");
        assertFalse(host.isPopulated(1, gfn(2)));
        g2.acceptTransfer(82, 0, gfn(12));
        assertEquals(Gntst.GENERAL_ERROR, gt.transfer(1, gfn(3), 2, 82), "entry names another donor");
        assertEquals(Gntst.GENERAL_ERROR, gt.transfer(1, gfn(4), 2, 4096), "ref beyond the table");
        // receiver without reservation headroom: the commit is undone
        g2.acceptTransfer(83, 1, gfn(13));
        host.unpopulate(2, gfn(13));
        host.doms.get(2).maxPages = host.doms.get(2).populated.cardinality();
        assertEquals(Gntst.GENERAL_ERROR, gt.transfer(1, gfn(7), 2, 83));
        assertEquals(Gtf.ACCEPT_TRANSFER, g2.flags(83));
        // a page mapped through a grant cannot be stolen, and is kept
        g1.permit(9, 0, gfn(8), false);
        MapResult m = gt.mapForDom0(1, 9, false);
        assertTrue(gt.isFramePinned(1, gfn(8)));
        assertEquals(Gntst.BAD_PAGE, gt.transfer(1, gfn(8), 2, 83));
        assertTrue(host.isPopulated(1, gfn(8)));
        gt.unmapForDom0(m.handle(), m.segment());
        assertFalse(gt.isFramePinned(1, gfn(8)));
        GrantTables noTransfers = new GrantTables(host, (caller, action, target) -> caller == target);
        noTransfers.createDomain(1);
        noTransfers.createDomain(2);
        assertEquals(Gntst.PERMISSION_DENIED, noTransfers.transfer(1, gfn(9), 2, 1));
        noTransfers.destroyDomain(1);
        noTransfers.destroyDomain(2);
    }

    // ------------------------------------------------------------ table size

    @Test
    void setupTableAndQuerySize() {
        assertEquals(new QuerySizeResult(Gntst.OKAY, 1, 4), gt.querySize(2, DomId.SELF));
        SetupTableResult s = gt.setupTable(2, DomId.SELF, 3);
        assertEquals(Gntst.OKAY, s.status());
        assertEquals(3, s.frameGfns().length);
        assertEquals(GrantTable.INVALID_GFN, s.frameGfns()[2], "not mapped by the guest yet");
        assertEquals(3, gt.querySize(2, 2).nrFrames());
        gt.noteTableFrameMapped(2, 1, 0x4_0001L);
        assertEquals(0x4_0001L, gt.setupTable(2, DomId.SELF, 2).frameGfns()[1]);
        assertEquals(Gntst.GENERAL_ERROR, gt.setupTable(2, DomId.SELF, 5).status(), "beyond max_nr_frames");
        assertEquals(Gntst.BAD_DOMAIN, gt.setupTable(2, 9, 1).status());
        assertEquals(Gntst.BAD_DOMAIN, gt.querySize(2, 9).status());
        assertEquals(Gntst.PERMISSION_DENIED, gt.setupTable(2, 1, 1).status(), "another domain's table");
        assertEquals(Gntst.PERMISSION_DENIED, gt.querySize(2, 1).status());
        assertEquals(Gntst.OKAY, gt.querySize(0, 2).status(), "dom0 may");
        // table frames for add_to_physmap grow the table, up to the maximum
        assertNotNull(gt.tableFrame(2, 3));
        assertEquals(4, gt.querySize(2, 2).nrFrames());
        assertNull(gt.tableFrame(2, 4));
        assertNull(gt.tableFrame(9, 0));
        assertEquals(4096, gt.tableFrame(2, 0).byteSize());
        // a ref in a grown frame is usable
        g2.permit(3 * 512 + 7, 0, gfn(1), true);
        MapResult m = gt.mapForDom0(2, 3 * 512 + 7, true);
        assertEquals(Gntst.OKAY, m.status());
        gt.unmapForDom0(m.handle(), m.segment());
    }

    // ------------------------------------------------------------ destroy

    @Test
    void destroyingTheGranterRevokesEveryMappingOfItsGrants() {
        g1.permit(90, 0, gfn(1), false);
        g1.permit(91, 2, gfn(2), true);
        MapResult d0 = gt.mapForDom0(1, 90, false);
        MapResult du = gt.map(2, 1, 91, Gntmap.HOST_MAP | Gntmap.READONLY, FOREIGN_GPA);
        assertEquals(Gntst.OKAY, du.status());
        gt.destroyDomain(1);
        assertFalse(gt.hasDomain(1));
        assertThrows(IllegalStateException.class, () -> d0.segment().get(ValueLayout.JAVA_BYTE, 0));
        assertEquals(0, gt.handlesInUse(0));
        assertEquals(0, gt.handlesInUse(2));
        assertEquals(0, host.foreignMappings(2));
        assertEquals(Gntst.BAD_HANDLE, gt.unmapForDom0(d0.handle(), d0.segment()));
        assertEquals(Gntst.BAD_DOMAIN, gt.mapForDom0(1, 90, true).status());
    }

    @Test
    void destroyingTheMapperReleasesItsPins() {
        g1.permit(92, 2, gfn(3), false);
        assertEquals(Gntst.OKAY, gt.map(2, 1, 92, Gntmap.HOST_MAP, FOREIGN_GPA).status());
        assertEquals(Gtf.PERMIT_ACCESS | Gtf.READING | Gtf.WRITING, g1.flags(92));
        gt.destroyDomain(2);
        assertEquals(Gtf.PERMIT_ACCESS, g1.flags(92));
        assertEquals(0, gt.activeGrants(1));
        assertTrue(g1.endAccess(92));
    }

    @Test
    void createDomainValidates() {
        assertThrows(IllegalStateException.class, () -> gt.createDomain(1));
        assertThrows(IllegalArgumentException.class, () -> gt.createDomain(5, 0));
        assertThrows(IllegalArgumentException.class, () -> gt.createDomain(5, 1025));
        assertThrows(IllegalArgumentException.class, () -> new GrantTables(host, new DefaultSecurityPolicy(), 0));
        byte[] before = host.raw(1, 0).toArray(ValueLayout.JAVA_BYTE);
        gt.destroyDomain(77);
        assertArrayEquals(before, host.raw(1, 0).toArray(ValueLayout.JAVA_BYTE));
    }
}
