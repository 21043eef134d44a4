package org.paravane.core.evtchn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.XenErrno;
import org.paravane.api.evtchn.EventChannelException;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.evtchn.EventHandler;
import org.paravane.api.evtchn.PortState;
import org.paravane.api.evtchn.PortStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Domain 0's event channels as a Java service. dom0 gets a real shared_info page (off-heap)
 * and vcpu_info slots, so its ports follow exactly the guest rules of facts §2.5; its
 * "upcall" is a drain task on {@code executor} that consumes events the way a guest's
 * handler does (clear upcall_pending, take the selector, for each pending unmasked port
 * clear the pending bit, then run the port's handler).
 *
 * <p>Local pairs: when both ends of an interdomain channel are dom0 ports whose handlers
 * are {@link InlineEventHandler}s, both ports stay masked (a send then only sets the peer's
 * pending bit, no upcall) and {@link #send} itself clears the peer's pending bit and runs
 * its handler on the sending thread: no hand-off to the dispatch executor. Closing either
 * end, a non-inline handler, or {@link #mask} ends the pairing and unmasks the survivor.
 *
 * <p>Call {@link #register} once after construction and {@link #close} at shutdown.
 */
public final class Dom0EventChannels implements EventChannelService, EventHost, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dom0EventChannels.class);
    private static final int DOM0 = 0;
    private static final long VCPU_INFO_STRIDE = 64;

    private final EventChannels channels;
    private final Executor executor;
    private final int vcpus;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment sharedInfo;
    private final MemorySegment extraVcpuInfo;
    private final Map<Integer, EventHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicInteger[] drainRequests;
    /** Local pairs delivered on the sender's thread: port → the peer port that receives its sends. */
    private final Map<Integer, Integer> inlinePeer = new ConcurrentHashMap<>();

    /**
     * @param channels the hypervisor's event channels
     * @param vcpus    number of dom0 event-dispatch "vCPUs" (at least 1)
     * @param executor runs handler dispatch; one drain per vCPU runs at a time
     */
    public Dom0EventChannels(EventChannels channels, int vcpus, Executor executor) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (vcpus < 1) {
            throw new IllegalArgumentException("dom0 needs at least one vCPU, was " + vcpus);
        }
        this.vcpus = vcpus;
        sharedInfo = arena.allocate(4096, 4096);
        extraVcpuInfo = arena.allocate(VCPU_INFO_STRIDE * vcpus, 64);
        drainRequests = new AtomicInteger[vcpus];
        for (int i = 0; i < vcpus; i++) {
            drainRequests[i] = new AtomicInteger();
        }
    }

    /** Masks every port (they are unmasked when a handler is set) and registers domain 0. */
    public void register() {
        for (int w = 0; w < 64; w++) {
            sharedInfo.set(ValueLayout.JAVA_LONG, TwoLevelBitmaps.MASK_OFFSET + 8L * w, -1L);
        }
        channels.createDomain(DOM0, this);
    }

    /** Closes every dom0 port and frees dom0's shared page. */
    @Override
    public void close() {
        channels.destroyDomain(DOM0);
        handlers.clear();
        arena.close();
    }

    // ---------------------------------------------------------------- EventHost (dom0)

    @Override
    public MemorySegment sharedInfo() {
        return sharedInfo;
    }

    @Override
    public MemorySegment vcpuInfo(int vcpu) {
        if (vcpu == 0) {
            return sharedInfo.asSlice(0, TwoLevelBitmaps.VCPU_INFO_SIZE);
        }
        if (vcpu < 0 || vcpu >= vcpus) {
            return null;
        }
        return extraVcpuInfo.asSlice(VCPU_INFO_STRIDE * vcpu, TwoLevelBitmaps.VCPU_INFO_SIZE);
    }

    @Override
    public int vcpuCount() {
        return vcpus;
    }

    @Override
    public void kick(int vcpu) {
        // Only the first request starts a drain; the running drain loops for later ones.
        if (drainRequests[vcpu].getAndIncrement() == 0) {
            executor.execute(() -> drain(vcpu));
        }
    }

    @Override
    public void wakePollers(int port) {
        // dom0 endpoints observe masked events with isPending(); nobody blocks in poll.
    }

    /** The guest-side consumption loop of facts §2.5, for one dom0 vCPU. */
    private void drain(int vcpu) {
        AtomicInteger requests = drainRequests[vcpu];
        int seen = requests.get();
        while (true) {
            try {
                drainOnce(vcpu);
            } catch (IllegalStateException e) {
                return; // closed under us at shutdown: dom0's shared page is gone
            }
            int left = requests.addAndGet(-seen);
            if (left == 0) {
                return;
            }
            seen = left;
        }
    }

    private void drainOnce(int vcpu) {
        MemorySegment vi = vcpuInfo(vcpu);
        do {
            // Clear upcall_pending before scanning, so a new event re-raises it.
            TwoLevelBitmaps.testAndClearUpcallPending(vi);
            long sel = TwoLevelBitmaps.takeSelector(vi);
            while (sel != 0) {
                int word = Long.numberOfTrailingZeros(sel);
                sel &= sel - 1;
                long bits = TwoLevelBitmaps.pendingWord(sharedInfo, word) & ~TwoLevelBitmaps.maskWord(sharedInfo, word);
                while (bits != 0) {
                    int port = word * 64 + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (TwoLevelBitmaps.testAndClearPending(sharedInfo, port)) {
                        runHandler(port);
                    }
                }
            }
        } while (TwoLevelBitmaps.isUpcallPending(vi));
    }

    private void runHandler(int port) {
        EventHandler h = handlers.get(port);
        if (h == null) {
            return;
        }
        try {
            h.onEvent(port);
        } catch (RuntimeException e) {
            LOG.warn("handler of dom0 event port {} failed", port, e);
        }
    }

    // ---------------------------------------------------------------- EventChannelService

    private static int check(int rc, String what) {
        if (rc < 0) {
            throw new EventChannelException(-rc, what + " failed");
        }
        return rc;
    }

    /**
     * Every dom0 port starts masked (as Linux masks all ports at boot) and is unmasked once
     * a handler is registered: an event that arrives before the handler, such as the one
     * bind_interdomain always marks, stays pending and is delivered by the unmask (facts §2.5).
     */
    private int bound(int rc, String what, EventHandler handler) {
        int port = check(rc, what);
        if (handler != null) {
            handlers.put(port, handler);
            channels.unmask(DOM0, port);
        }
        return port;
    }

    @Override
    public int allocUnbound(int remoteDomid, EventHandler handler) {
        return bound(channels.allocUnbound(DOM0, DOM0, remoteDomid), "alloc_unbound for domain " + remoteDomid, handler);
    }

    @Override
    public int bindInterdomain(int remoteDomid, int remotePort, EventHandler handler) {
        int port = bound(channels.bindInterdomain(DOM0, remoteDomid, Integer.toUnsignedLong(remotePort)),
                "bind_interdomain to domain " + remoteDomid + " port " + remotePort, handler);
        if (remoteDomid == DOM0 && handler instanceof InlineEventHandler
                && handlers.get(remotePort) instanceof InlineEventHandler) {
            pairInline(port, remotePort);
        }
        return port;
    }

    /**
     * Masks both ends so the hypervisor only marks them pending, then delivers on the
     * sender's thread. Events already pending (bind_interdomain marks the binder's port)
     * go to the dispatch executor once, as an unmask would have delivered them.
     */
    private void pairInline(int a, int b) {
        TwoLevelBitmaps.testAndSetMask(sharedInfo, a);
        TwoLevelBitmaps.testAndSetMask(sharedInfo, b);
        inlinePeer.put(a, b);
        inlinePeer.put(b, a);
        executor.execute(() -> {
            deliverInline(a);
            deliverInline(b);
        });
        LOG.debug("dom0 ports {} and {}: local pair, delivered on the sender's thread", a, b);
    }

    /** Ends a local pairing of {@code port}: both ends with a handler are unmasked (normal delivery). */
    private void unpair(int port) {
        Integer peer = inlinePeer.remove(port);
        if (peer == null) {
            return;
        }
        inlinePeer.remove(peer);
        for (int p : new int[] {port, peer}) {
            if (handlers.containsKey(p)) {
                channels.unmask(DOM0, p); // delivers an event left pending while paired
            }
        }
    }

    private void deliverInline(int port) {
        boolean pending;
        try {
            pending = TwoLevelBitmaps.testAndClearPending(sharedInfo, port);
        } catch (IllegalStateException e) {
            return; // closed under us at shutdown (a pairing's first delivery still queued): dom0's page is gone
        }
        if (pending) {
            runHandler(port);
        }
    }

    /** True while {@code port} is one end of a local pair delivered on the sender's thread. */
    public boolean deliversInline(int port) {
        return inlinePeer.containsKey(port);
    }

    @Override
    public int bindVirq(int virq, int vcpu, EventHandler handler) {
        return bound(channels.bindVirq(DOM0, virq, vcpu), "bind_virq " + virq + " on vCPU " + vcpu, handler);
    }

    @Override
    public int bindIpi(int vcpu, EventHandler handler) {
        return bound(channels.bindIpi(DOM0, vcpu), "bind_ipi on vCPU " + vcpu, handler);
    }

    /** A null handler removes the handler and masks the port (events then only set pending). */
    @Override
    public void setHandler(int port, EventHandler handler) {
        ChannelState s = channels.stateOf(DOM0, port);
        if (s == null || s == ChannelState.FREE || s == ChannelState.RESERVED) {
            throw new EventChannelException(XenErrno.EINVAL, "setHandler: dom0 port " + port + " is not bound");
        }
        if (!(handler instanceof InlineEventHandler)) {
            unpair(port);
        }
        if (handler == null) {
            TwoLevelBitmaps.testAndSetMask(sharedInfo, port);
            handlers.remove(port);
        } else {
            handlers.put(port, handler);
            channels.unmask(DOM0, port);
        }
    }

    @Override
    public void send(int port) {
        check(channels.send(DOM0, Integer.toUnsignedLong(port)), "send on dom0 port " + port);
        Integer peer = inlinePeer.get(port);
        if (peer != null) {
            deliverInline(peer);
        }
    }

    @Override
    public void close(int port) {
        check(channels.close(DOM0, Integer.toUnsignedLong(port)), "close of dom0 port " + port);
        // A free dom0 port is masked again, ready for the next binding.
        TwoLevelBitmaps.testAndSetMask(sharedInfo, port);
        handlers.remove(port);
        unpair(port); // the surviving end (now unbound) gets normal delivery again
    }

    private void checkPortNumber(int port) {
        if (port < 0 || port >= Platform.NR_EVENT_CHANNELS) {
            throw new EventChannelException(XenErrno.EINVAL, "dom0 port " + port + " out of range");
        }
    }

    @Override
    public void mask(int port) {
        checkPortNumber(port);
        unpair(port);
        TwoLevelBitmaps.testAndSetMask(sharedInfo, port);
    }

    @Override
    public void unmask(int port) {
        check(channels.unmask(DOM0, Integer.toUnsignedLong(port)), "unmask of dom0 port " + port);
    }

    @Override
    public boolean isPending(int port) {
        checkPortNumber(port);
        return TwoLevelBitmaps.isPending(sharedInfo, port);
    }

    @Override
    public boolean clearPending(int port) {
        checkPortNumber(port);
        return TwoLevelBitmaps.testAndClearPending(sharedInfo, port);
    }

    @Override
    public void bindVcpu(int port, int vcpu) {
        check(channels.bindVcpu(DOM0, Integer.toUnsignedLong(port), vcpu), "bind_vcpu of dom0 port " + port);
    }

    @Override
    public PortStatus status(int domid, int port) {
        PortInfo info = channels.status(DOM0, domid, Integer.toUnsignedLong(port));
        check(info.error(), "status of domain " + domid + " port " + port);
        return new PortStatus(PortState.of(info.status()), info.vcpu(), info.remoteDom(), info.remotePort(), info.virq());
    }
}
