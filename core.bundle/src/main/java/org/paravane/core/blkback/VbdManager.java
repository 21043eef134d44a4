package org.paravane.core.blkback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.grant.GrantService;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdException;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdMetrics;
import org.paravane.api.vbd.VbdState;
import org.paravane.api.xenbus.XenbusState;
import org.paravane.core.blkfront.BlkFront;
import org.paravane.core.blkif.FrontendMemory;
import org.paravane.core.blkif.GrantedFrontendMemory;
import org.paravane.core.blkif.LocalGrantTable;
import org.paravane.core.xenbus.BackendHandshake;
import org.paravane.core.xenbus.DevicePaths;
import org.paravane.core.xenbus.XenbusBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vbd control API over the blkback engine: attach (open the storage, write both xenstore
 * directories as libxl does, start the backend handshake, and for dom0 the Java blkfront),
 * detach (libxl's unplug, §5.5), the registry of bound block backends and the hot-swap
 * protocol between them and the devices (docs/blkif.md).
 */
public final class VbdManager implements VbdControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VbdManager.class);

    private record Key(int domid, int devid) {
    }

    private record Attached(DiskSpec spec, DevicePaths paths, VbdDevice device, BackendHandshake handshake,
            XenbusBackend end, BlkFront front) {
    }

    private final XenStore store;
    private final EventChannelService events;
    private final GrantService grants;
    private final BlkbackConfig config;
    private final LocalGrantTable local = new LocalGrantTable();
    private final BackendRegistry registry = new BackendRegistry();
    private final Map<Key, Attached> devices = new ConcurrentHashMap<>();
    private final SwapMover swapMover;
    /** Tests wrap the frontend memory (to act as a frontend that rewrites shared memory). */
    volatile java.util.function.UnaryOperator<FrontendMemory> memoryDecorator = m -> m;

    /**
     * @param grants maps guest grants; may be null when only dom0 (local) devices are attached
     */
    public VbdManager(XenStore store, EventChannelService events, GrantService grants, BlkbackConfig config) {
        this.store = store;
        this.events = events;
        this.grants = grants;
        this.config = config;
        this.swapMover = new SwapMover(config);
    }

    /** dom0's local grant table (the Java blkfront's pages). */
    public LocalGrantTable localGrants() {
        return local;
    }

    // ------------------------------------------------------------------ backends (hot-swap)

    /** A backend bound: suspended devices of its formats reopen and replay on it. */
    public void addBackend(BlockBackend b, Collection<String> formats) {
        registry.add(b, formats);
        LOG.info("block backend bound for formats {}", formats);
        for (Attached a : snapshot()) {
            if (!registry.formatsOf(b).contains(a.device().format())) {
                continue;
            }
            try {
                if (a.device().state() == VbdState.SUSPENDED) {
                    a.device().resume(b);
                } else if (a.device().state() == VbdState.FAILED && a.device().backend() == null) {
                    a.device().offerBackend(b);
                }
            } catch (Exception e) {
                LOG.warn("vbd {}: resume on the new backend failed: {}", a.device().name(), e.getMessage());
            }
        }
    }

    /**
     * A backend went away: its devices suspend (and resume at once if another serves the
     * format). With another bound backend (make-before-break) a running device first drains:
     * its requests in flight complete on {@code b}, which is still usable during the unbind,
     * and only the frontend's new requests wait ({@link SwapMover}).
     */
    public void removeBackend(BlockBackend b) {
        registry.remove(b);
        for (Attached a : snapshot()) {
            if (a.device().backend() != b) {
                continue;
            }
            Optional<BlockBackend> next = registry.backendFor(a.device().format());
            if (next.isPresent()) {
                swapMover.move(a.device(), b, next.get());
                continue;
            }
            try {
                BlockDisk d = a.device().suspend(b);
                if (d != null) {
                    // on the unbind thread, before any replacement opens the same image: the old
                    // disk's in-flight writes (allocation included) must be finished first
                    long t0 = System.nanoTime();
                    d.close();
                    LOG.info("vbd {}: old disk closed in {} us", a.device().name(), (System.nanoTime() - t0) / 1000);
                }
            } catch (Exception e) {
                LOG.warn("vbd {}: suspend failed: {}", a.device().name(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ VbdControl

    @Override
    public VbdInfo attach(int domid, DiskSpec spec) throws VbdException {
        return attach(domid, spec, domid == 0 ? BlkFront.Options.defaults() : null);
    }

    /**
     * Attaches with explicit Java blkfront options for a dom0 device; {@code front} null
     * starts no frontend (a test acting as the frontend connects itself).
     */
    public VbdInfo attach(int domid, DiskSpec spec, BlkFront.Options front) throws VbdException {
        String where = "vbd " + domid + "/" + spec.vdev();
        if (spec.format() == DiskFormat.EMPTY) {
            throw new VbdException(where + ": an empty cdrom drive has no storage to attach");
        }
        if (spec.specification() != DiskSpecification.XEN) {
            throw new VbdException(where + ": specification " + spec.specification() + " is not served (xen only)");
        }
        if (spec.backendDomain() != null && !spec.backendDomain().equals("0") && !spec.backendDomain().equals("Domain-0")) {
            throw new VbdException(where + ": backend domain '" + spec.backendDomain() + "' is not supported (dom0 only)");
        }
        DevicePaths paths;
        try {
            paths = DevicePaths.inDom0("vbd", domid, spec.vdevNumber());
        } catch (IllegalArgumentException e) {
            throw new VbdException(where + ": " + e.getMessage());
        }
        Key key = new Key(domid, spec.vdevNumber());
        if (devices.containsKey(key)) {
            throw new VbdException(where + ": domain " + domid + " already has device " + spec.vdevNumber());
        }
        if (domid != 0 && grants == null) {
            throw new VbdException(where + ": no grant service for guest frontends");
        }
        String format = spec.format().configName();
        BlockBackend backend = registry.backendFor(format).orElseThrow(() -> new VbdException(where
                + ": no block backend serves format '" + format + "' (bound: " + registry.formats() + ")"));
        Map<String, String> options = new LinkedHashMap<>(spec.otherKeys());
        if (spec.directIoSafe()) {
            options.put("direct-io-safe", "1");
        }
        BlockOpenRequest open = new BlockOpenRequest(spec.target(), format, spec.readOnly(), options);
        BlockDisk disk;
        try {
            disk = backend.open(open);
        } catch (BlockIoException e) {
            throw new VbdException(where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new VbdException(where + ": the " + format + " backend failed to open " + spec.target() + ": " + e, e);
        }
        DiskGeometry geometry;
        try {
            geometry = DiskGeometry.of(disk, spec.readOnly(), spec.discard());
        } catch (RuntimeException e) {
            disk.close();
            throw new VbdException(where + ": " + spec.target() + ": " + e.getMessage(), e);
        }
        XenbusBackend end = null;
        VbdDevice device = null;
        BackendHandshake handshake = null;
        try {
            end = XenbusBackend.create(store, paths, backendKeys(spec, format), frontendKeys(spec));
            AtomicReference<BackendHandshake> hs = new AtomicReference<>();
            FrontendMemory memory = memoryDecorator.apply(domid == 0 ? local : new GrantedFrontendMemory(grants, domid));
            device = new VbdDevice(domid + "/" + spec.vdevNumber(), domid, open, backend, disk, geometry, memory, events,
                    config, d -> requestClose(hs.get()));
            handshake = new BackendHandshake(end, new VbdXenbusDevice(device, config, () -> forget(key)));
            hs.set(handshake);
            devices.put(key, new Attached(spec, paths, device, handshake, end, null));
            handshake.start();
            if (domid == 0 && front != null) {
                BlkFront f = BlkFront.connect(store, paths.frontendPath(), events, local, front);
                devices.put(key, new Attached(spec, paths, device, handshake, end, f));
            }
        } catch (XsException | BlockIoException | RuntimeException e) {
            devices.remove(key);
            if (handshake != null) {
                handshake.close();
            }
            if (device != null) {
                device.close();
            } else {
                disk.close();
            }
            if (end != null) {
                try {
                    end.close(true);
                } catch (XsException ignored) {
                    // best effort
                }
            }
            throw new VbdException(where + ": " + e.getMessage(), e);
        }
        LOG.info("{}: attached {} ({}, {} sectors{})", where, spec.target(), format, geometry.sectors(),
                geometry.readOnly() ? ", read-only" : "");
        return info(devices.get(key));
    }

    private static Map<String, String> backendKeys(DiskSpec spec, String format) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("params", spec.target());
        k.put("format", format);
        k.put("type", format.equals("raw") ? (spec.target().startsWith("/dev/") ? "phy" : "file") : format);
        k.put("mode", spec.access().mode());
        k.put("device-type", spec.cdrom() ? "cdrom" : "disk");
        k.put("removable", spec.cdrom() ? "1" : "0");
        k.put("bootable", "1");
        k.put("dev", spec.vdev());
        k.put("discard-enable", spec.discard() ? "1" : "0");
        if (spec.script() != null) {
            k.put("script", spec.script());
        }
        if (spec.directIoSafe()) {
            k.put("direct-io-safe", "1");
        }
        return k;
    }

    private static Map<String, String> frontendKeys(DiskSpec spec) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("virtual-device", Integer.toString(spec.vdevNumber()));
        k.put("device-type", spec.cdrom() ? "cdrom" : "disk");
        k.put("trusted", spec.trusted() ? "1" : "0");
        return k;
    }

    private void requestClose(BackendHandshake h) {
        if (h == null) {
            return;
        }
        try {
            h.requestClose();
        } catch (XsException | RuntimeException e) {
            LOG.warn("vbd: closing the xenbus end after a failure: {}", e.getMessage());
        }
    }

    /** The handshake removed the device (unplugged, or the frontend vanished). */
    private void forget(Key key) {
        Attached a = devices.remove(key);
        if (a != null) {
            Thread.ofPlatform().daemon().name("blkback-remove").start(() -> {
                if (a.front() != null) {
                    a.front().close();
                }
                a.device().close();
            });
        }
    }

    @Override
    public void detach(int domid, int devid) throws VbdException {
        Attached a = devices.get(new Key(domid, devid));
        if (a == null) {
            throw new VbdException("vbd " + domid + "/" + devid + ": no such device");
        }
        String bp = a.paths().backendPath();
        String fp = a.paths().frontendPath();
        String closed = String.valueOf(XenbusState.CLOSED.value());
        boolean bothClosed = false;
        try {
            bothClosed = a.end().atomically(tx -> { // libxl's removal, step 1 (§5.5)
                tx.write(bp + "/online", "0");
                String s = tx.exists(bp + "/state") ? tx.readString(bp + "/state") : "";
                if (closed.equals(s)) {
                    /*
                     * Both ends may already be Closed (a guest that closed its device before it
                     * shut down): the handshake acts only on frontend state changes, so none
                     * will come to remove the device. Frontend Closed or gone = nothing to wait for.
                     */
                    String fe = tx.exists(fp + "/state") ? tx.readString(fp + "/state") : closed;
                    return closed.equals(fe);
                }
                tx.write(bp + "/state", String.valueOf(XenbusState.CLOSING.value()));
                return false;
            });
            long deadline = System.nanoTime() + config.controlTimeout().toNanos();
            while (!bothClosed && !a.handshake().removed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (XsException e) {
            LOG.warn("vbd {}/{}: unplug: {}", domid, devid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bothClosed && !a.handshake().removed()) {
            LOG.debug("vbd {}/{}: both ends already Closed; removing", domid, devid);
            a.handshake().close();
        } else if (!a.handshake().removed()) {
            LOG.warn("vbd {}/{}: frontend did not close within {} ms; removing anyway", domid, devid,
                    config.controlTimeout().toMillis());
            a.handshake().close();
        }
        devices.remove(new Key(domid, devid));
        if (a.front() != null) {
            a.front().close();
        }
        a.device().close();
        try {
            a.end().close(true);
        } catch (XsException e) {
            LOG.warn("vbd {}/{}: removing the directories: {}", domid, devid, e.getMessage());
        }
        LOG.info("vbd {}/{}: detached", domid, devid);
    }

    @Override
    public List<VbdInfo> list() {
        List<VbdInfo> out = new ArrayList<>();
        for (Attached a : snapshot()) {
            out.add(info(a));
        }
        out.sort(Comparator.comparingInt(VbdInfo::domid).thenComparingInt(VbdInfo::devid));
        return out;
    }

    @Override
    public Optional<BlockDisk> localDisk(int devid) {
        Attached a = devices.get(new Key(0, devid));
        return a == null || a.front() == null ? Optional.empty() : Optional.of(a.front());
    }

    @Override
    public Optional<VbdMetrics> metrics(int domid, int devid) {
        Attached a = devices.get(new Key(domid, devid));
        return a == null ? Optional.empty() : Optional.of(a.device().metrics());
    }

    /** The engine's device object (tests, diagnostics). */
    public Optional<VbdDevice> device(int domid, int devid) {
        return Optional.ofNullable(devices.get(new Key(domid, devid))).map(Attached::device);
    }

    /** The Java blkfront of a local attach (tests, benchmarks). */
    public Optional<BlkFront> localFront(int devid) {
        return Optional.ofNullable(devices.get(new Key(0, devid))).map(Attached::front);
    }

    private List<Attached> snapshot() {
        return new ArrayList<>(devices.values());
    }

    private static VbdInfo info(Attached a) {
        DiskGeometry g = a.device().geometry();
        return new VbdInfo(a.paths().frontendDomid(), a.paths().devid(), a.spec().vdev(), a.paths().backendPath(),
                a.paths().frontendPath(), a.device().state(), a.device().format(), a.spec().target(), g.readOnly(),
                g.sectors());
    }

    /** Detaches every device. */
    @Override
    public void close() {
        for (Attached a : snapshot()) {
            try {
                detach(a.paths().frontendDomid(), a.paths().devid());
            } catch (VbdException e) {
                LOG.debug("close: {}", e.getMessage());
            }
        }
    }

    /** Waits (bounded) until {@code device} reaches {@code state}; for tests and commands. */
    public static boolean awaitState(VbdDevice device, VbdState state, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (device.state() != state) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }
}
