package org.paravane.core.hv;

import java.lang.foreign.MemorySegment;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.XenErrno;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.grant.GrantHost;
import org.paravane.core.memory.GuestMemory;
import org.paravane.core.sched.VcpuContext;

/**
 * Guest memory as the grant-table core sees it: populated RAM frames by gfn, population for
 * page transfers, and foreign frames mapped outside RAM in the mapper's physical address
 * space (GNTMAP_host_map; docs/abi.md §4.3: nothing is mapped over RAM).
 */
final class DomainGrantHost implements GrantHost {

    private final DomainTable domains;

    DomainGrantHost(DomainTable domains) {
        this.domains = domains;
    }

    private GuestMemory memory(int domid) {
        Domain d = domains.get(domid);
        return d == null ? null : d.memory();
    }

    @Override
    public MemorySegment frame(int domid, long gfn) {
        GuestMemory m = memory(domid);
        if (m == null || !m.isPopulated(gfn)) {
            return null;
        }
        try {
            return m.ram().asSlice((gfn - m.firstRamGfn()) * Platform.PAGE_SIZE, Platform.PAGE_SIZE);
        } catch (IllegalStateException e) {
            return null; // released meanwhile
        }
    }

    @Override
    public boolean populate(int domid, long gfn) {
        GuestMemory m = memory(domid);
        if (m == null) {
            return false;
        }
        int rc = m.populate(gfn);
        if (rc == -XenErrno.EBUSY) {
            MemorySegment f = frame(domid, gfn);
            if (f == null) {
                return false;
            }
            f.fill((byte) 0); // already present: its old content is dropped
            return true;
        }
        return rc == 0;
    }

    @Override
    public boolean unpopulate(int domid, long gfn) {
        GuestMemory m = memory(domid);
        return m != null && m.release(gfn) == 0;
    }

    @Override
    public boolean mapForeign(int mapperDomid, long gpa, MemorySegment frame, boolean readonly) {
        Domain d = domains.get(mapperDomid);
        if (d == null || d.memory() == null || (gpa & (Platform.PAGE_SIZE - 1)) != 0 || gpa <= 0) {
            return false;
        }
        if (d.memory().frameOutsideRam(gpa >>> Platform.PAGE_SHIFT) != null) {
            return false; // something is mapped there already
        }
        boolean ok = d.memory().mapOutsideRam(gpa >>> Platform.PAGE_SHIFT, readonly ? frame.asReadOnly() : frame);
        if (ok) {
            invalidate(d);
        }
        return ok;
    }

    @Override
    public void unmapForeign(int mapperDomid, long gpa) {
        Domain d = domains.get(mapperDomid);
        if (d != null && d.memory() != null && d.memory().unmapOutsideRam(gpa >>> Platform.PAGE_SHIFT) != null) {
            invalidate(d);
        }
    }

    private static void invalidate(Domain d) {
        for (VcpuContext v : d.vcpus()) {
            Vcpu cpu = v.vcpu();
            if (cpu != null) {
                cpu.invalidateMappings();
            }
        }
    }
}
