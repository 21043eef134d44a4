package org.paravane.api.domain;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The domain table, as seen by toolstacks and dom0 services. Implemented once, by the
 * core.
 */
@ProviderType
public interface DomainControl {

    /** Domain id of the control domain. */
    int DOM0 = 0;

    /** Every domain that is not {@link DomainState#DEAD}, ordered by domid. */
    List<DomainInfo> list();

    /** One domain, if it exists and is not dead. */
    Optional<DomainInfo> info(int domid);
}
