package org.paravane.core.daemon.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.paravane.api.host.HostEnvironment;
import org.paravane.core.daemon.RuntimeDirectories;
import org.paravane.core.daemon.StateDirectory;
import org.paravane.core.daemon.StateDirectoryBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon instance: locks the state directory and only then publishes
 * {@link HostEnvironment}, so nothing that references it can touch the files of another
 * live daemon. The service is registered by hand rather than declared, because a second
 * daemon on a busy directory must not publish it at all: it logs one line naming the
 * holder and stops its framework. Turns SIGTERM / Ctrl-C into an orderly framework stop (every component
 * deactivates: domains destroyed, files flushed) instead of a bare JVM exit.
 *
 * <p>Framework properties: {@code paravane.state} (default {@code ~/.paravane}),
 * {@code felix.fileinstall.dir} (default {@code <state>/deploy}) and {@code paravane.runtime}
 * (this start's directory under {@code <state>/runtime}: framework storage and JVM temp
 * files; once the lock is held, the directories earlier starts left there are deleted).
 */
@Component(service = {}, immediate = true)
public final class DaemonComponent implements HostEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonComponent.class);
    /** How long an orderly stop may take before the JVM goes down anyway. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private StateDirectory state;
    private Path deploy;
    private Path logs;
    private Path images;
    private Thread shutdownHook;
    private ServiceRegistration<HostEnvironment> registration;

    @Activate
    public DaemonComponent(BundleContext context) throws IOException {
        Path root = stateRoot(context);
        try {
            state = StateDirectory.acquire(root);
        } catch (StateDirectoryBusyException busy) {
            LOG.error("{}", busy.getMessage());
            stopFrameworkAsync(context);
            return;
        }
        String deployProperty = context.getProperty("felix.fileinstall.dir");
        deploy = Files.createDirectories(deployProperty != null ? Path.of(deployProperty) : state.root().resolve("deploy"));
        logs = state.subdirectory("log");
        images = state.subdirectory("images");
        Bundle system = context.getBundle(0);
        shutdownHook = Thread.ofPlatform().name("paravane-shutdown").unstarted(() -> stopAndWait(system));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("state directory {} locked by process {}", state.root(), ProcessHandle.current().pid());
        sweepStaleRuntimeDirectories(state.root(), context.getProperty("paravane.runtime"));
        registration = context.registerService(HostEnvironment.class, this, null);
    }

    /**
     * Deletes what earlier starts (a kill -9 included) left under {@code <state>/runtime},
     * on a background thread: a few MB of bundle cache per start, not worth delaying the
     * daemon's start for. Only the lock holder gets here, so no live daemon loses its cache.
     */
    private static void sweepStaleRuntimeDirectories(Path root, String ownProperty) {
        Path own = RuntimeDirectories.ownDirectory(root, ownProperty);
        Thread.ofPlatform().daemon().name("paravane-runtime-sweep").start(() -> {
            try {
                for (Path gone : RuntimeDirectories.sweepStale(root, own)) {
                    LOG.info("deleted the runtime directory of an earlier start: {}", gone);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot delete stale runtime directories under {}: {}", root, e.toString());
            }
        });
    }

    static Path stateRoot(BundleContext context) {
        String configured = context.getProperty("paravane.state");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".paravane");
    }

    @Deactivate
    void deactivate() {
        if (state == null) {
            return; // never owned the directory
        }
        registration.unregister();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Deactivation is running inside the hook's framework stop: nothing to remove.
        }
        try {
            state.close();
            LOG.info("state directory {} released", state.root());
        } catch (IOException e) {
            LOG.warn("releasing state directory {}: {}", state.root(), e.toString());
        }
    }

    /** Runs in the JVM shutdown hook: stop the framework and wait until it has stopped. */
    private static void stopAndWait(Bundle system) {
        if (system.getState() != Bundle.ACTIVE && system.getState() != Bundle.STARTING) {
            return;
        }
        LOG.info("signal received: stopping the daemon");
        try {
            system.stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("framework stop failed: {}", e.toString());
            return;
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (system.getState() != Bundle.RESOLVED && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void stopFrameworkAsync(BundleContext context) {
        Bundle system = context.getBundle(0);
        Thread.ofPlatform().name("paravane-refuse-start").start(() -> {
            try {
                system.stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("could not stop the framework: {}", e.toString());
            }
        });
    }

    @Override
    public Path stateDirectory() {
        return state.root();
    }

    @Override
    public Path deployDirectory() {
        return deploy;
    }

    @Override
    public Path logDirectory() {
        return logs;
    }

    @Override
    public Path imagesDirectory() {
        return images;
    }
}
