package org.paravane.core.hv.internal;

import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.domain.HostControl;
import org.paravane.api.domain.HostInfo;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.HostSummary;
import org.paravane.core.hv.Hypervisor;

/** Publishes the host summary, the hypervisor's log ring and domain start times as {@link HostControl}. */
@Component(service = HostControl.class)
public final class HostControlComponent implements HostControl {

    private final Hypervisor hv;

    /** Over the running hypervisor. */
    @Activate
    public HostControlComponent(@Reference HypervisorComponent hypervisor) {
        this.hv = hypervisor.hypervisor();
    }

    @Override
    public HostInfo info() {
        return HostSummary.of(hv);
    }

    @Override
    public List<String> dmesg() {
        return hv.log().lines();
    }

    @Override
    public void clearDmesg() {
        hv.log().clear();
    }

    @Override
    public Optional<Long> domainStartMillis(int domid) {
        return hv.domains().domain(domid).map(domid == 0 ? d -> hv.bootMillis() : Domain::startMillis);
    }
}
