package org.paravane.core.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.grant.TestGrantHost.gfn;

import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.Gtf;
import org.paravane.core.blkif.FrontendMemory;
import org.paravane.core.blkif.GrantedFrontendMemory;
import org.paravane.core.policy.DefaultSecurityPolicy;

/** blkback's seam over a guest's real grant table: maps, read-only grants, revoked pages. */
class GrantedFrontendMemoryTest {

    private TestGrantHost host;
    private GrantTables gt;
    private Granter guest;
    private FrontendMemory memory;

    @BeforeEach
    void setUp() {
        host = new TestGrantHost();
        host.addDomain(0, 1, 1);
        host.addDomain(5, 4, 4);
        gt = new GrantTables(host, new DefaultSecurityPolicy());
        gt.createDomain(0);
        gt.createDomain(5);
        guest = new Granter(gt, 5);
        memory = new GrantedFrontendMemory(new Dom0GrantService(gt), 5);
        host.raw(5, 2).fill((byte) 0x21);
    }

    @AfterEach
    void tearDown() {
        gt.destroyDomain(5);
        gt.destroyDomain(0);
        host.close();
    }

    @Test
    void writableGrantMapsTheGuestPageUntilUnmapped() throws Exception {
        guest.permit(8, 0, gfn(2), false);
        FrontendMemory.MappedPage p = memory.map(8, false);
        assertEquals(0x21, p.segment().get(ValueLayout.JAVA_BYTE, 4095));
        p.segment().set(ValueLayout.JAVA_BYTE, 7, (byte) 0x42);
        assertEquals(0x42, TestGrantHost.at(host.raw(5, 2), 7));
        assertTrue((guest.flags(8) & Gtf.WRITING) != 0, "the guest sees the page in use");
        assertFalse(guest.endAccess(8), "no revoke while dom0 maps it");
        memory.unmap(p);
        // a view in the guest's memory (GrantViews): unmap releases the grant without closing a
        // per-page arena, so the segment's scope is the guest memory's, still alive
        assertTrue(p.segment().scope().isAlive());
        assertTrue(guest.endAccess(8), "the guest may revoke after unmap");
        memory.unmap(p); // twice: harmless
    }

    @Test
    void readOnlyGrantRefusesAWritableMapAndAllowsAReadOnlyOne() throws Exception {
        guest.permit(9, 0, gfn(2), true);
        FrontendMemory.PageMapException e = assertThrows(FrontendMemory.PageMapException.class, () -> memory.map(9, false));
        assertTrue(e.status() < 0);
        FrontendMemory.MappedPage p = memory.map(9, true);
        assertTrue(p.segment().isReadOnly());
        memory.unmap(p);
    }

    @Test
    void ungrantedOrRevokedPagesAreAStatusNotAnException() {
        assertTrue(assertThrows(FrontendMemory.PageMapException.class, () -> memory.map(10, true)).status() < 0);
        assertTrue(assertThrows(FrontendMemory.PageMapException.class, () -> memory.map(-5, true)).status() < 0);
        guest.permit(11, 0, gfn(2), false);
        assertTrue(guest.endAccess(11));
        assertTrue(assertThrows(FrontendMemory.PageMapException.class, () -> memory.map(11, false)).status() < 0);
    }
}
