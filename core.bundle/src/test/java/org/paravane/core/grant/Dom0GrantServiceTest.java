package org.paravane.core.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.grant.TestGrantHost.gfn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;
import org.paravane.api.grant.GrantCopy;
import org.paravane.api.grant.GrantException;
import org.paravane.api.grant.GrantMapping;
import org.paravane.core.policy.DefaultSecurityPolicy;

/** The dom0 backend API: map as a bounded segment, unmap, copy; statuses as exceptions. */
class Dom0GrantServiceTest {

    private TestGrantHost host;
    private GrantTables gt;
    private Dom0GrantService svc;
    private Granter g;

    @BeforeEach
    void setUp() {
        host = new TestGrantHost();
        host.addDomain(0, 1, 1);
        host.addDomain(5, 4, 4);
        gt = new GrantTables(host, new DefaultSecurityPolicy());
        gt.createDomain(0);
        gt.createDomain(5);
        svc = new Dom0GrantService(gt);
        g = new Granter(gt, 5);
        host.raw(5, 2).fill((byte) 0x33);
    }

    @AfterEach
    void tearDown() {
        gt.destroyDomain(5);
        gt.destroyDomain(0);
        host.close();
    }

    @Test
    void mapUseUnmap() {
        g.permit(8, 0, gfn(2), false);
        GrantMapping m = svc.map(5, 8, false);
        assertEquals(5, m.granterDomid());
        assertEquals(8, m.ref());
        assertEquals(4096, m.segment().byteSize());
        assertEquals(0x33, m.segment().get(ValueLayout.JAVA_BYTE, 4095));
        m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        assertEquals(1, TestGrantHost.at(host.raw(5, 2), 0));
        svc.unmap(m);
        assertThrows(IllegalStateException.class, () -> m.segment().get(ValueLayout.JAVA_BYTE, 0));
        svc.unmap(m); // idempotent once released
        assertEquals(Gtf.PERMIT_ACCESS, g.flags(8));
    }

    @Test
    void mapFailuresCarryTheGntstStatus() {
        assertEquals(Gntst.GENERAL_ERROR, assertThrows(GrantException.class, () -> svc.map(5, 8, true)).status());
        assertEquals(Gntst.BAD_DOMAIN, assertThrows(GrantException.class, () -> svc.map(6, 8, true)).status());
        assertEquals(Gntst.BAD_GNTREF, assertThrows(GrantException.class, () -> svc.map(5, -1, true)).status());
        g.permit(9, 0, gfn(2), true);
        assertEquals(Gntst.GENERAL_ERROR, assertThrows(GrantException.class, () -> svc.map(5, 9, false)).status());
        GrantMapping ro = svc.map(5, 9, true);
        assertTrue(ro.segment().isReadOnly());
        GrantMapping forged = new GrantMapping(5, 9, true, ro.handle() + 7, ro.segment());
        assertEquals(Gntst.BAD_HANDLE, assertThrows(GrantException.class, () -> svc.unmap(forged)).status());
        svc.unmap(ro);
    }

    @Test
    void copyThroughGrants() {
        g.permit(10, 0, gfn(2), false);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(100);
            buf.fill((byte) 0x7E);
            assertEquals(Gntst.OKAY, svc.copy(new GrantCopy(new GrantCopy.Local(buf), new GrantCopy.GrantRef(5, 10, 4000), 96)));
            assertEquals(0x7E, TestGrantHost.at(host.raw(5, 2), 4095));
            MemorySegment back = a.allocate(4096);
            assertEquals(Gntst.OKAY, svc.copy(new GrantCopy(new GrantCopy.GrantRef(5, 10, 0), new GrantCopy.Local(back), 4096)));
            assertEquals(0x7E, back.get(ValueLayout.JAVA_BYTE, 4000));
            assertEquals(Gntst.BAD_COPY_ARG, svc.copy(new GrantCopy(new GrantCopy.Local(buf), new GrantCopy.GrantRef(5, 10, 4000), 97)));
            assertEquals(Gntst.BAD_COPY_ARG, svc.copy(new GrantCopy(new GrantCopy.Local(buf), new GrantCopy.GrantRef(5, 10, 0), 5000)));
            assertEquals(Gntst.BAD_COPY_ARG, svc.copy(new GrantCopy(new GrantCopy.Local(buf), new GrantCopy.GrantRef(5, 10, -1), 1)));
            assertEquals(Gntst.GENERAL_ERROR, svc.copy(new GrantCopy(new GrantCopy.Local(buf), new GrantCopy.GrantRef(5, 11, 0), 1)));
        }
        assertEquals(Gtf.PERMIT_ACCESS, g.flags(10));
    }
}
