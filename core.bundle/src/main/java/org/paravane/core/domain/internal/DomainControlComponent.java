package org.paravane.core.domain.internal;

import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainInfo;
import org.paravane.core.domain.DomainTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the domain table; creates dom0 on activation and tears every domain down on stop. */
@Component(service = DomainControl.class, immediate = true)
public final class DomainControlComponent implements DomainControl {

    private static final Logger LOG = LoggerFactory.getLogger(DomainControlComponent.class);

    private final DomainTable table = new DomainTable();

    @Activate
    public DomainControlComponent() {
        Runtime rt = Runtime.getRuntime();
        table.createDom0(rt.maxMemory() / 1024, rt.availableProcessors());
        LOG.info("dom0 created (domid 0, privileged)");
    }

    @Deactivate
    void deactivate() {
        int n = table.destroyAll();
        LOG.info("domain table closed: {} domain(s) destroyed", n);
    }

    @Override
    public List<DomainInfo> list() {
        return table.list();
    }

    @Override
    public Optional<DomainInfo> info(int domid) {
        return table.info(domid);
    }
}
