package org.paravane.core.domain.internal;

import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.hv.internal.HypervisorComponent;

/** Publishes the hypervisor's domain table as the {@link DomainControl} service. */
@Component(service = DomainControl.class, immediate = true)
public final class DomainControlComponent implements DomainControl {

    private final DomainTable table;

    /** Over the running hypervisor's table. */
    @Activate
    public DomainControlComponent(@Reference HypervisorComponent hypervisor) {
        this.table = hypervisor.hypervisor().domains();
    }

    @Override
    public List<DomainInfo> list() {
        return table.list();
    }

    @Override
    public Optional<DomainInfo> info(int domid) {
        return table.info(domid);
    }

    @Override
    public Optional<DomainInfo> byName(String name) {
        return table.byName(name).map(Domain::info);
    }

    @Override
    public DomainInfo create(DomainConfig config) {
        return table.create(config).info();
    }

    @Override
    public void pause(int domid) {
        table.pause(domid);
    }

    @Override
    public void unpause(int domid) {
        table.unpause(domid);
    }

    @Override
    public void shutdown(int domid, ShutdownReason reason) {
        if (reason == null) {
            throw new DomainException(DomainException.Kind.INVALID_CONFIG, "no shutdown reason given");
        }
        table.shutdown(domid, reason);
    }

    @Override
    public void destroy(int domid) {
        table.destroy(domid);
    }

    @Override
    public DomainInfo recreate(int domid) {
        return table.recreate(domid).info();
    }

    @Override
    public void setSchedulerParams(int domid, int weight, int cap) {
        table.setSchedulerParams(domid, weight, cap);
    }

    @Override
    public void setMemoryTarget(int domid, long targetKiB) {
        table.setMemoryTarget(domid, targetKiB);
    }
}
