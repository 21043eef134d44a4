package org.paravane.core.daemon.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.host.HostEnvironment;
import org.paravane.core.daemon.BundleStates;
import org.paravane.core.hv.CoreWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per bundle and the ready line once the framework has reached its final
 * start level, and writes the ready line to {@code <state>/daemon.ready} so that the
 * {@code hv} launcher can wait for it. Once ready, it warms the core up on a background
 * thread ({@link CoreWarmUp}), so the first guest's create call does not pay the one-time
 * JVM work and the daemon's start does not wait for it.
 */
@Component(immediate = true, service = {})
public final class ReadyReporter implements FrameworkListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyReporter.class);
    /** The file hv polls; it holds the ready line. */
    public static final String READY_FILE = "daemon.ready";

    private final BundleContext context;
    private final HostEnvironment host;
    private final DomainControl domains;
    private final ServiceComponentRuntime scr;
    private final AtomicBoolean reported = new AtomicBoolean();

    @Activate
    public ReadyReporter(BundleContext context, @Reference HostEnvironment host, @Reference DomainControl domains,
            @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.host = host;
        this.domains = domains;
        this.scr = scr;
        context.addFrameworkListener(this);
        // Activated after start-up (core restarted or updated): nothing will move the
        // start level again, so report now if everything already runs.
        if (Arrays.stream(context.getBundles()).allMatch(ReadyReporter::settled)) {
            report();
        }
    }

    /** A bundle that start-up has finished with: active, or a fragment that stays resolved. */
    private static boolean settled(Bundle b) {
        return b.getState() == Bundle.ACTIVE
                || (b.getState() == Bundle.RESOLVED && b.getHeaders().get("Fragment-Host") != null);
    }

    /**
     * Ready when the framework has reached the highest start level any bundle asks for.
     * The bnd launcher installs the bundles after the framework itself started, so the
     * STARTED event alone is too early; the last STARTLEVEL_CHANGED is the real moment.
     */
    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() != FrameworkEvent.STARTED && event.getType() != FrameworkEvent.STARTLEVEL_CHANGED) {
            return;
        }
        FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
        int highest = Arrays.stream(context.getBundles())
                .mapToInt(b -> b.adapt(BundleStartLevel.class).getStartLevel()).max().orElse(1);
        if (fsl.getStartLevel() >= highest) {
            report();
        }
    }

    private void report() {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        int active = 0;
        Bundle[] bundles = context.getBundles();
        for (Bundle b : bundles) {
            LOG.info("bundle {} {} {}", b.getSymbolicName(), b.getVersion(), BundleStates.name(b.getState()));
            if (b.getState() == Bundle.ACTIVE) {
                active++;
            }
        }
        ComponentHealth health = ComponentHealth.of(scr);
        if (!health.unsatisfied().isEmpty()) {
            LOG.warn("unsatisfied components: {}", health.unsatisfied());
        }
        String dom0 = domains.info(DomainControl.DOM0).map(d -> "dom0 '" + d.name() + "' up").orElse("dom0 MISSING");
        // JVM uptime, not ProcessHandle's start instant: the latter is derived from the
        // boot time in whole seconds and is off by up to a second.
        long millis = ManagementFactory.getRuntimeMXBean().getUptime();
        String line = String.format("Paravane ready in %d ms: %d/%d bundles active, %d/%d components satisfied, %s, state %s",
                millis, active, bundles.length, health.satisfied(), health.total(), dom0, host.stateDirectory());
        LOG.info("{}", line);
        try {
            Files.writeString(readyFile(), line + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", readyFile(), e.toString());
        }
        Thread warm = new Thread(ReadyReporter::warmUpCore, "paravane-core-warmup");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    private static void warmUpCore() {
        try {
            CoreWarmUp.Result r = CoreWarmUp.run();
            LOG.debug("core warm-up: domain handle RNG {} ms, guest memory map/unmap {} ms",
                    r.rngNanos() / 1_000_000, r.memoryNanos() / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("core warm-up failed (guests are not affected, the first one just starts cold)", e);
        }
    }

    private Path readyFile() {
        return host.stateDirectory().resolve(READY_FILE);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
        try {
            Files.deleteIfExists(readyFile());
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", readyFile(), e.toString());
        }
    }
}
