package org.paravane.core.xenstore.internal;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainReleaseHook;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.xenstore.StoreRingLink;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects introduced guests to xenstored over their ring page (facts §8.8): on
 * INTRODUCE(domid, gfn, port) it binds dom0's end of the guest's store event channel and
 * serves the page at {@code gfn} with a {@link StoreRingLink}; RELEASE or the domain's
 * destruction undoes both. Replies are written to the ring on one flusher thread, because
 * the transport's output callback runs under the daemon's lock.
 */
final class GuestRings implements XenStoreDaemon.DomainHook {

    private static final Logger LOG = LoggerFactory.getLogger(GuestRings.class);
    private static final long PAGE = 4096;

    private final Hypervisor hv;
    private final DomainReleaseHook releaseHook = d -> detach(d.domid());
    private XenStoreDaemon daemon;
    private final Map<Integer, StoreRingLink> attached = new ConcurrentHashMap<>();
    private final ExecutorService flusher =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("xenstored-ring").daemon().factory());

    GuestRings(Hypervisor hv) {
        this.hv = hv;
        hv.domains().addReleaseHook(releaseHook);
    }

    /** The daemon is created with this hook, so it is handed over afterwards. */
    void daemon(XenStoreDaemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public void introduced(int domid, long gfn, int port) {
        Domain d = hv.domains().domain(domid).orElse(null);
        if (d == null) {
            LOG.warn("xenstored: INTRODUCE of domain {} which does not exist; no ring attached", domid);
            return;
        }
        long offset = gfn * PAGE - d.memory().ramBase();
        if (offset < 0 || offset + PAGE > d.memory().ram().byteSize()) {
            LOG.warn("xenstored: domain {} introduced with frame {} outside its RAM; no ring attached", domid, gfn);
            return;
        }
        MemorySegment page = d.memory().ram().asSlice(offset, PAGE);
        StoreRingLink link;
        try {
            link = StoreRingLink.connect(page, daemon, domid, port, hv.dom0EventChannels(), flusher);
        } catch (RuntimeException e) {
            LOG.warn("xenstored: domain {}: cannot bind its store event channel {}: {}", domid, port, e.getMessage());
            return;
        }
        attached.put(domid, link);
        flusher.execute(link.ring()::kick); // requests written before we attached
        LOG.info("xenstored: domain {} connected over its ring (frame {}, port {})", domid, gfn, port);
    }

    @Override
    public void released(int domid) {
        detach(domid);
    }

    private void detach(int domid) {
        StoreRingLink a = attached.remove(domid);
        if (a == null) {
            return;
        }
        a.ring().close();
        try {
            hv.dom0EventChannels().close(a.dom0Port());
        } catch (RuntimeException e) {
            LOG.debug("dom0 store port {} of domain {} already gone: {}", a.dom0Port(), domid, e.getMessage());
        }
    }

    void close() {
        attached.keySet().forEach(this::detach);
        hv.domains().removeReleaseHook(releaseHook);
        flusher.shutdownNow();
    }
}
