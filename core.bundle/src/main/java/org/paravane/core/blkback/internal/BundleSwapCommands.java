package org.paravane.core.blkback.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gogo command {@code hv:bundle-swap OLD-BUNDLE-ID NEW-JAR-URL}: the operator's
 * make-before-break replacement of a block backend bundle (docs/operations.md). The new build
 * is installed next to the old one (it needs the same symbolic name and another
 * {@code Bundle-Version}), started, and must offer a {@link BlockBackend} for every format the
 * old build offered, bound by blkback, before the old build is touched. Its activation, class
 * loading and warm-up therefore happen while the old build still serves. Then the old build
 * is stopped: blkback moves each of its devices to the already bound replacement (park the
 * in-flight requests, close the old disk, open on the new, replay; docs/blkif.md). Once every
 * moved device has answered a request on the new build (at most 250 ms), the old build is
 * uninstalled and refreshed away. If the new build fails any check it is
 * uninstalled and the old one keeps serving untouched.
 */
@Component(service = BundleSwapCommands.class, property = {
    "osgi.command.scope=hv",
    "osgi.command.function=bundle-swap"
})
public final class BundleSwapCommands {

    private static final Logger LOG = LoggerFactory.getLogger(BundleSwapCommands.class);
    private static final long REFRESH_WAIT_SECONDS = 30;
    /**
     * The longest the old build's teardown waits for the moved devices to answer a request on
     * the new build (a device whose guest is idle answers nothing).
     */
    private static final long SETTLE_CAP_NANOS = 250_000_000L;
    /**
     * How often it looks: each look lists every device and copies its swap records, on the
     * CPUs the resumed guests need, and the teardown is not urgent.
     */
    private static final long SETTLE_POLL_NANOS = 1_000_000L;

    private final BundleContext context;
    private final VbdControl devices;

    /** Over the framework this bundle runs in and blkback's devices. */
    @Activate
    public BundleSwapCommands(BundleContext context, @Reference VbdControl devices) {
        this.context = context;
        this.devices = devices;
    }

    /** Gogo's entry: {@code args[0]} is the function name. */
    public String _main(String... args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: bundle-swap OLD-BUNDLE-ID NEW-JAR-URL"
                    + " (e.g. bundle-swap 19 file:/opt/paravane/backend-vhd-1.0.1.jar)");
        }
        long id;
        try {
            id = Long.parseLong(args[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bundle-swap: '" + args[1] + "' is not a bundle id (see lb)");
        }
        return swap(id, args[2].strip());
    }

    /** The swap; the returned line names both builds and the time of each step. */
    String swap(long oldId, String location) throws BundleException, InterruptedException {
        Bundle old = context.getBundle(oldId);
        if (old == null || oldId == 0) {
            throw new IllegalArgumentException("bundle-swap: no bundle " + oldId + " to replace");
        }
        if (old.getState() != Bundle.ACTIVE) {
            throw new IllegalArgumentException("bundle-swap: bundle " + oldId + " (" + old.getSymbolicName()
                    + ") is not active; install and start the new build instead");
        }
        Set<String> formats = formats(old);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("bundle-swap: bundle " + oldId + " (" + old.getSymbolicName()
                    + ") offers no block backend; use update for other bundles");
        }
        long t0 = System.nanoTime();
        Bundle next = context.installBundle(location);
        try {
            if (!old.getSymbolicName().equals(next.getSymbolicName())) {
                throw new IllegalArgumentException("bundle-swap: " + location + " is " + next.getSymbolicName()
                        + ", not a build of " + old.getSymbolicName());
            }
            if (old.getVersion().equals(next.getVersion())) {
                throw new IllegalArgumentException("bundle-swap: " + location + " has the same Bundle-Version "
                        + old.getVersion() + " as bundle " + oldId + "; give the new build its own version");
            }
            next.start();
            Set<String> missing = new TreeSet<>(formats);
            missing.removeAll(boundFormats(next));
            if (!missing.isEmpty()) {
                throw new IllegalStateException("bundle-swap: the new build " + next.getVersion()
                        + " did not offer a block backend bound by blkback for " + missing
                        + "; bundle " + oldId + " keeps serving");
            }
        } catch (BundleException | RuntimeException e) {
            LOG.warn("bundle-swap {} -> {}: {}; the new build is removed", oldId, location, e.getMessage());
            try {
                next.uninstall();
            } catch (BundleException | IllegalStateException ignored) {
                // already gone
            }
            throw e;
        }
        long t1 = System.nanoTime();
        Map<String, Integer> swapsBefore = swapCounts();
        // every device moves to the new build inside this call (blkback's unbind, docs/blkif.md)
        old.stop();
        long t2 = System.nanoTime();
        // The teardown below is ~30 ms of framework work on the CPUs the guests run on; done
        // before the moved devices have answered, it lengthens their blackout.
        awaitMovedDevicesServing(swapsBefore);
        long t3 = System.nanoTime();
        old.uninstall();
        refresh(old);
        long t4 = System.nanoTime();
        String line = String.format(Locale.ROOT,
                "swapped %s %s (bundle %d) -> %s (bundle %d) for %s: new build installed, started and bound in %d ms"
                        + " (old serving), old build stopped in %.1f ms (devices moved), moved devices answered"
                        + " after %.1f ms, old build uninstalled and refreshed in %d ms",
                old.getSymbolicName(), old.getVersion(), oldId, next.getVersion(), next.getBundleId(), formats,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1_000_000);
        LOG.info(line);
        return line;
    }

    /** Completed and running swaps per device, keyed {@code domid/devid}. */
    private Map<String, Integer> swapCounts() {
        Map<String, Integer> out = new HashMap<>();
        for (VbdInfo v : devices.list()) {
            devices.metrics(v.domid(), v.devid()).ifPresent(m -> out.put(key(v), m.swaps().size()));
        }
        return out;
    }

    /**
     * Waits until every device that was suspended by the old build's stop has answered its
     * first request since (its newest {@link SwapRecord} has a first completion), or the cap.
     */
    private void awaitMovedDevicesServing(Map<String, Integer> swapsBefore) {
        long deadline = System.nanoTime() + SETTLE_CAP_NANOS;
        while (System.nanoTime() < deadline && anyMovedDeviceSilent(swapsBefore)) {
            LockSupport.parkNanos(SETTLE_POLL_NANOS);
        }
    }

    private boolean anyMovedDeviceSilent(Map<String, Integer> swapsBefore) {
        for (VbdInfo v : devices.list()) {
            Integer before = swapsBefore.get(key(v));
            List<SwapRecord> swaps = devices.metrics(v.domid(), v.devid()).map(VbdMetrics::swaps).orElse(List.of());
            if (before != null && swaps.size() > before && swaps.getLast().firstCompletionAfterNanos() == 0) {
                return true;
            }
        }
        return false;
    }

    private static String key(VbdInfo v) {
        return v.domid() + "/" + v.devid();
    }

    /** The formats of the block backends {@code b} registered. */
    private static Set<String> formats(Bundle b) {
        Set<String> out = new TreeSet<>();
        for (ServiceReference<?> r : registered(b)) {
            out.addAll(VbdComponent.formats(r.getProperty(BlockBackend.FORMATS_PROPERTY)).stream()
                    .map(f -> f.toLowerCase(Locale.ROOT)).toList());
        }
        return out;
    }

    /** The formats of {@code b}'s block backends that blkback (this bundle) already uses. */
    private Set<String> boundFormats(Bundle b) {
        Set<String> out = new TreeSet<>();
        for (ServiceReference<?> r : registered(b)) {
            Bundle[] users = r.getUsingBundles();
            boolean bound = users != null && List.of(users).contains(context.getBundle());
            if (bound) {
                out.addAll(VbdComponent.formats(r.getProperty(BlockBackend.FORMATS_PROPERTY)).stream()
                        .map(f -> f.toLowerCase(Locale.ROOT)).toList());
            }
        }
        return out;
    }

    private static List<ServiceReference<?>> registered(Bundle b) {
        List<ServiceReference<?>> out = new ArrayList<>();
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                Object classes = r.getProperty(Constants.OBJECTCLASS);
                if (classes instanceof String[] a && List.of(a).contains(BlockBackend.class.getName())) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Drops the old revision (its classes) now rather than at the next refresh. */
    private void refresh(Bundle old) throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(old), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        if (!done.await(REFRESH_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("bundle-swap: refresh after uninstalling bundle {} not done in {} s", old.getBundleId(),
                    REFRESH_WAIT_SECONDS);
        }
    }
}
