package org.paravane.core.hv.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.evtchn.EventHandler;
import org.paravane.api.evtchn.PortStatus;
import org.paravane.core.evtchn.Dom0EventChannels;

/** Publishes dom0's event channels (built by the hypervisor) as {@link EventChannelService}. */
@Component(service = EventChannelService.class)
public final class EventChannelComponent implements EventChannelService {

    private final Dom0EventChannels dom0;

    /** Over the running hypervisor's dom0 event channels. */
    @Activate
    public EventChannelComponent(@Reference HypervisorComponent hypervisor) {
        this.dom0 = hypervisor.hypervisor().dom0EventChannels();
    }

    @Override
    public int allocUnbound(int remoteDomid, EventHandler handler) {
        return dom0.allocUnbound(remoteDomid, handler);
    }

    @Override
    public int bindInterdomain(int remoteDomid, int remotePort, EventHandler handler) {
        return dom0.bindInterdomain(remoteDomid, remotePort, handler);
    }

    @Override
    public int bindVirq(int virq, int vcpu, EventHandler handler) {
        return dom0.bindVirq(virq, vcpu, handler);
    }

    @Override
    public int bindIpi(int vcpu, EventHandler handler) {
        return dom0.bindIpi(vcpu, handler);
    }

    @Override
    public void setHandler(int port, EventHandler handler) {
        dom0.setHandler(port, handler);
    }

    @Override
    public void send(int port) {
        dom0.send(port);
    }

    @Override
    public void close(int port) {
        dom0.close(port);
    }

    @Override
    public void mask(int port) {
        dom0.mask(port);
    }

    @Override
    public void unmask(int port) {
        dom0.unmask(port);
    }

    @Override
    public boolean isPending(int port) {
        return dom0.isPending(port);
    }

    @Override
    public boolean clearPending(int port) {
        return dom0.clearPending(port);
    }

    @Override
    public void bindVcpu(int port, int vcpu) {
        dom0.bindVcpu(port, vcpu);
    }

    @Override
    public PortStatus status(int domid, int port) {
        return dom0.status(domid, port);
    }
}
