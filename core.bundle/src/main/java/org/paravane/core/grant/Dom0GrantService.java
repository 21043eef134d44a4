package org.paravane.core.grant;

import java.util.Objects;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Platform;
import org.paravane.api.grant.GrantCopy;
import org.paravane.api.grant.GrantException;
import org.paravane.api.grant.GrantMapping;
import org.paravane.api.grant.GrantService;

/**
 * The {@link GrantService} of dom0's Java backends over {@link GrantTables}: domain 0 is
 * the mapping domain, and the segments it receives are bounded to the granted frame and
 * revoked at unmap.
 */
public final class Dom0GrantService implements GrantService, GrantViews {

    private final GrantTables grants;

    /** A service over {@code grants} (domain 0 must have been created there). */
    public Dom0GrantService(GrantTables grants) {
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    @Override
    public GrantMapping map(int granterDomid, int ref, boolean readonly) {
        return mapping(grants.mapForDom0(granterDomid, Integer.toUnsignedLong(ref), readonly), granterDomid, ref,
                readonly);
    }

    @Override
    public GrantMapping mapView(int granterDomid, int ref, boolean readonly) {
        return mapping(grants.mapForDom0View(granterDomid, Integer.toUnsignedLong(ref), readonly), granterDomid, ref,
                readonly);
    }

    private static GrantMapping mapping(MapResult r, int granterDomid, int ref, boolean readonly) {
        if (r.status() != Gntst.OKAY) {
            throw new GrantException(r.status(), "map of grant " + Integer.toUnsignedString(ref) + " of domain "
                    + granterDomid + (readonly ? " read-only" : " writable"));
        }
        return new GrantMapping(granterDomid, ref, readonly, r.handle(), r.segment());
    }

    @Override
    public void unmap(GrantMapping mapping) {
        Objects.requireNonNull(mapping, "mapping");
        if (!mapping.segment().scope().isAlive()) {
            return; // released already (unmapped before, or the granter was destroyed)
        }
        int status = grants.unmapForDom0(mapping.handle(), mapping.segment());
        if (status != Gntst.OKAY) {
            throw new GrantException(status, "unmap of handle " + mapping.handle() + " (grant " + mapping.ref()
                    + " of domain " + mapping.granterDomid() + ")");
        }
    }

    @Override
    public int copy(GrantCopy copy) {
        Objects.requireNonNull(copy, "copy");
        if (copy.length() < 0 || copy.length() > Platform.PAGE_SIZE) {
            return Gntst.BAD_COPY_ARG;
        }
        return grants.copy(0, side(copy.source()), side(copy.dest()), copy.length());
    }

    private static CopySide side(GrantCopy.Side side) {
        return switch (side) {
            case GrantCopy.GrantRef g -> CopySide.ofGrant(g.domid(), Integer.toUnsignedLong(g.ref()), g.offset());
            case GrantCopy.Local l -> CopySide.ofLocal(l.buffer());
        };
    }
}
