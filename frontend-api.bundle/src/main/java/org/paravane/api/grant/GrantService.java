package org.paravane.api.grant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Grant tables for dom0's Java backends. A backend never reads guest memory it was not
 * granted: it maps one granted frame at a time, or copies through grants.
 */
@ProviderType
public interface GrantService {

    /**
     * Maps grant {@code ref} of {@code granterDomid}. The grant must name domain 0 and be
     * permit_access (read-only grants only map read-only); a revoked grant cannot be mapped.
     *
     * @throws GrantException with the GNTST_* status on failure
     */
    GrantMapping map(int granterDomid, int ref, boolean readonly);

    /**
     * Unmaps; the mapping's segment becomes inaccessible and the granter may reuse the page
     * once no other mapping of it remains. Unmapping a mapping already released (because the
     * granter was destroyed) does nothing.
     *
     * @throws GrantException with GNTST_bad_handle if the handle was never dom0's
     */
    void unmap(GrantMapping mapping);

    /**
     * Performs one copy.
     *
     * @return the GNTST_* status: 0 on success, negative on failure (nothing copied)
     */
    int copy(GrantCopy copy);
}
