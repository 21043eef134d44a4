package org.paravane.backend.vhd.internal;

import java.nio.file.Path;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.backend.vhd.JitQuiet;
import org.paravane.backend.vhd.SpareThreads;
import org.paravane.backend.vhd.VhdBackend;
import org.paravane.backend.vhd.VhdBlockDisk;
import org.paravane.backend.vhd.VhdWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the VHD backend as a {@link BlockBackend} service for format "vhd".
 *
 * <p>When another bundle (the build being replaced) serves "vhd" at activation, the
 * constructor first runs {@link VhdWarmup} (framework or system property {@value
 * #WARMUP_PROPERTY}, rounds, default {@value VhdWarmup#DEFAULT_ROUNDS}; 0 turns it off). The
 * component is a delayed one: SCR registers the service, blkback's greedy reference gets it
 * at once on the thread that starts the bundle, which makes SCR construct the component
 * there, and blkback's bind runs only after this constructor returned. In a make-before-break
 * swap ({@code hv:bundle-swap}) the warm-up therefore runs while the old build still serves
 * and the first real open on this build is warm. In a plain {@code Bundle.update}, an
 * uninstall/install or at boot no other build serves: the devices wait for this one, so there
 * is no warm-up (it would only lengthen their blackout).
 */
@Component(service = BlockBackend.class, property = BlockBackend.FORMATS_PROPERTY + "=" + VhdBackend.FORMAT)
public final class VhdBackendComponent implements BlockBackend {

    /** Framework (or system) property: warm-up rounds before the service is offered. */
    public static final String WARMUP_PROPERTY = "paravane.vhd.warmup.rounds";

    /** Framework (or system) property: how long the JIT must be idle after the warm-up, in ms. */
    public static final String JIT_QUIET_PROPERTY = "paravane.vhd.warmup.jit-quiet-ms";
    static final long DEFAULT_JIT_QUIET_MS = 50;
    static final long JIT_QUIET_MAX_MS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(VhdBackendComponent.class);

    /**
     * How long after a disk took the spare threads the next spare is started: well after the
     * swap that took them has resumed its device.
     */
    static final Duration SPARE_REFILL_DELAY = Duration.ofSeconds(1);

    private final SpareThreads spares = new SpareThreads(VhdBlockDisk.DEFAULT_READ_THREADS, SPARE_REFILL_DELAY);
    private final VhdBackend backend = new VhdBackend(spares);

    /** Warms the open path up and starts a spare disk's threads, then the service is registered. */
    @Activate
    public VhdBackendComponent(BundleContext context) {
        int rounds = rounds(context.getProperty(WARMUP_PROPERTY));
        if (!anotherBuildServes(context)) {
            // devices of the format are suspended waiting for this build (update, reinstall) or
            // there are none yet (boot): any warm-up would only lengthen their blackout; the
            // spare threads are started after a first open instead
            LOG.info("VHD block backend registered (format {}); no other build serves it, no warm-up",
                    VhdBackend.FORMAT);
            return;
        }
        // make-before-break: the old build still serves, so time spent here is outside every blackout
        spares.prepare();
        try {
            VhdWarmup.Result r = VhdWarmup.run(Path.of(System.getProperty("java.io.tmpdir")), rounds);
            JitQuiet.Result q = rounds == 0 ? JitQuiet.Result.NOT_WAITED : jitQuiet(context);
            LOG.info("VHD block backend registered (format {}); warm-up {} rounds in {} us, then JIT quiet after {} us"
                    + " ({} ms compiling{})", VhdBackend.FORMAT, r.rounds(), r.nanos() / 1000, q.waitedNanos() / 1000,
                    q.compileMillis(), q.quiet() ? "" : ", not quiet");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BlockIoException | RuntimeException e) {
            // a failed warm-up costs speed, not correctness: the backend still serves
            LOG.warn("VHD block backend registered (format {}); warm-up failed: {}", VhdBackend.FORMAT,
                    e.getMessage());
        }
    }

    /**
     * Waits for the warm-up's compilations ({@link JitQuiet}): quiet for {@value
     * #JIT_QUIET_PROPERTY} ms (default {@value #DEFAULT_JIT_QUIET_MS}; 0 does not wait), at most
     * {@value #JIT_QUIET_MAX_MS} ms.
     */
    private static JitQuiet.Result jitQuiet(BundleContext context) throws InterruptedException {
        String v = context.getProperty(JIT_QUIET_PROPERTY);
        long ms = DEFAULT_JIT_QUIET_MS;
        if (v != null && !v.isBlank()) {
            try {
                ms = Math.max(0, Math.min(JIT_QUIET_MAX_MS, Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                LOG.warn("{}='{}' is not a number of milliseconds; using {}", JIT_QUIET_PROPERTY, v,
                        DEFAULT_JIT_QUIET_MS);
            }
        }
        if (ms == 0) {
            return JitQuiet.Result.NOT_WAITED;
        }
        return JitQuiet.await(Duration.ofMillis(ms), Duration.ofMillis(5), Duration.ofMillis(JIT_QUIET_MAX_MS));
    }

    /** Whether a bundle other than this one offers a vhd {@link BlockBackend} right now. */
    private static boolean anotherBuildServes(BundleContext context) {
        try {
            for (ServiceReference<BlockBackend> r : context.getServiceReferences(BlockBackend.class,
                    "(" + BlockBackend.FORMATS_PROPERTY + "=" + VhdBackend.FORMAT + ")")) {
                if (r.getBundle() != null && r.getBundle().getBundleId() != context.getBundle().getBundleId()) {
                    return true;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the constant filter is malformed", e);
        }
        return false;
    }

    /** The configured rounds; a malformed value is named in the log and the default used. */
    static int rounds(String value) {
        if (value == null || value.isBlank()) {
            return VhdWarmup.DEFAULT_ROUNDS;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0 && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}='{}' is not a number of rounds between 0 and 100000; using {}", WARMUP_PROPERTY, value,
                VhdWarmup.DEFAULT_ROUNDS);
        return VhdWarmup.DEFAULT_ROUNDS;
    }

    @Override
    public BlockDisk open(BlockOpenRequest request) throws BlockIoException {
        BlockDisk disk = backend.open(request);
        spares.prepareLater();
        return disk;
    }

    /** Stops the spare threads; disks opened by this build keep theirs until closed. */
    @Deactivate
    void deactivate() {
        spares.close();
    }
}
