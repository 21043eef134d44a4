package org.paravane.core.hv.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.grant.GrantCopy;
import org.paravane.api.grant.GrantMapping;
import org.paravane.api.grant.GrantService;
import org.paravane.core.grant.Dom0GrantService;
import org.paravane.core.grant.GrantViews;

/** Publishes dom0's grant mapping service (built by the hypervisor) as {@link GrantService}. */
@Component(service = GrantService.class)
public final class GrantComponent implements GrantService, GrantViews {

    private final Dom0GrantService grants;

    /** Over the running hypervisor's dom0 grant service. */
    @Activate
    public GrantComponent(@Reference HypervisorComponent hypervisor) {
        this.grants = hypervisor.hypervisor().dom0Grants();
    }

    @Override
    public GrantMapping map(int granterDomid, int ref, boolean readonly) {
        return grants.map(granterDomid, ref, readonly);
    }

    @Override
    public GrantMapping mapView(int granterDomid, int ref, boolean readonly) {
        return grants.mapView(granterDomid, ref, readonly);
    }

    @Override
    public void unmap(GrantMapping mapping) {
        grants.unmap(mapping);
    }

    @Override
    public int copy(GrantCopy copy) {
        return grants.copy(copy);
    }
}
