package org.paravane.core.grant;

import org.paravane.api.grant.GrantMapping;

/**
 * Grant maps for dom0's hot data paths (blkback's request pages), inside core only: like
 * {@link org.paravane.api.grant.GrantService#map}, pinned until unmap, but the segment is a
 * view in the granter's memory that unmap does not revoke ({@link GrantTables#mapForDom0View}).
 * The caller never touches a page after unmapping it; blkback unmaps a request's pages only
 * once its disk operation has ended.
 */
public interface GrantViews {

    /**
     * Maps grant {@code ref} of {@code granterDomid} for dom0 as a view.
     *
     * @throws org.paravane.api.grant.GrantException with the GNTST_* status when the map fails
     */
    GrantMapping mapView(int granterDomid, int ref, boolean readonly);
}
