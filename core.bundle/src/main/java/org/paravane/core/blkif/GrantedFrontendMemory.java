package org.paravane.core.blkif;

import java.util.Objects;
import org.paravane.api.grant.GrantException;
import org.paravane.api.grant.GrantMapping;
import org.paravane.api.grant.GrantService;
import org.paravane.core.grant.GrantViews;

/**
 * A guest frontend's pages, reached by mapping its grants into dom0 (facts §3). With core's own
 * grant service the pages are mapped as views ({@link GrantViews}: no shared arena per page,
 * whose closing at unmap stopped every JVM thread once per 4 KiB of guest I/O); blkback never
 * touches a page after unmapping it.
 */
public final class GrantedFrontendMemory implements FrontendMemory {

    private final GrantService grants;
    private final int domid;

    /** Pages granted by domain {@code domid}. */
    public GrantedFrontendMemory(GrantService grants, int domid) {
        this.grants = Objects.requireNonNull(grants, "grants");
        this.domid = domid;
    }

    @Override
    public MappedPage map(int ref, boolean readonly) throws PageMapException {
        try {
            GrantMapping m = grants instanceof GrantViews views ? views.mapView(domid, ref, readonly)
                    : grants.map(domid, ref, readonly);
            return new MappedPage(ref, readonly, m.segment(), m);
        } catch (GrantException e) {
            throw new PageMapException(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            throw new PageMapException(-1, "grant " + Integer.toUnsignedString(ref) + " of domain " + domid + ": " + e);
        }
    }

    @Override
    public void unmap(MappedPage page) {
        try {
            grants.unmap((GrantMapping) page.token());
        } catch (RuntimeException e) {
            // The granter may be gone; a mapping released already is harmless.
        }
    }
}
