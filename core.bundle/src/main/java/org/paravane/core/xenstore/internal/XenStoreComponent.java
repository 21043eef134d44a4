package org.paravane.core.xenstore.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.host.HostEnvironment;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainReleaseHook;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.DomainIntroducer;
import org.paravane.core.xenstore.ForwardingXenStore;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.UnixSocketServer;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * xenstored in the framework: starts the daemon and its unix socket at
 * {@code <state>/xenstored/socket} (so {@code XENSTORED_RUNDIR=<state>/xenstored} works
 * for Xen's tools as well as {@code XENSTORED_PATH}), writes dom0's standard nodes and
 * publishes the {@link XenStore} service. It needs {@link HostEnvironment}, which exists
 * only while this process holds the state directory's lock. Stopping closes the socket
 * and every connection.
 */
@Component(service = {XenStore.class, DomainIntroducer.class}, immediate = true)
public final class XenStoreComponent extends ForwardingXenStore implements DomainIntroducer {

    private static final Logger LOG = LoggerFactory.getLogger(XenStoreComponent.class);

    private final Hypervisor hv;
    private final GuestRings rings;
    private final DomainReleaseHook releaseHook = this::forget;
    private final XenStoreDaemon daemon;
    private final LocalXenStore store;
    private final UnixSocketServer server;

    @Activate
    public XenStoreComponent(@Reference HostEnvironment host, @Reference HypervisorComponent hypervisor)
            throws IOException, XsException {
        Path socket = socketPath(host);
        this.hv = hypervisor.hypervisor();
        this.rings = new GuestRings(hv);
        this.daemon = new XenStoreDaemon(Quotas.defaults(), rings);
        rings.daemon(daemon);
        this.store = new LocalXenStore(daemon);
        hv.domains().addReleaseHook(releaseHook);
        Dom0Layout.populate(store);
        this.server = UnixSocketServer.start(daemon, socket);
        LOG.info("xenstored started: export XENSTORED_PATH={}", socket);
    }

    /** Where Xen's tools find this daemon: {@code <state>/xenstored/socket}. */
    public static Path socketPath(HostEnvironment host) {
        return host.stateDirectory().resolve("xenstored").resolve("socket");
    }

    @Override
    public void introduce(int domid, String name, long storeGfn, int storePort) throws XsException {
        String home = domainPath(domid);
        store.mkdir(home);
        store.setPerms(home, NodePerms.of(domid, Access.NONE)); // the guest owns its home; others see nothing
        store.write(home + "/name", name.getBytes(StandardCharsets.UTF_8));
        store.write(home + "/domid", Integer.toString(domid).getBytes(StandardCharsets.US_ASCII));
        store.introduceDomain(domid, storeGfn, storePort);
    }

    /** A destroyed domain: RELEASE it (fires @releaseDomain) and remove its home, as libxl does. */
    private void forget(Domain d) {
        try {
            if (store.exists(domainPath(d.domid()))) {
                store.rm(domainPath(d.domid()));
            }
            store.releaseDomain(d.domid());
        } catch (XsException e) {
            LOG.debug("xenstored: domain {} was not introduced: {}", d.domid(), e.getMessage());
        }
    }

    @Deactivate
    public void deactivate() {
        hv.domains().removeReleaseHook(releaseHook);
        rings.close();
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("xenstored socket close failed", e);
        }
        store.close();
        LOG.info("xenstored stopped ({} nodes)", daemon.nodeCount());
    }

    @Override
    protected XenStore delegate() {
        return store;
    }
}
