package org.paravane.core.builder.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.paravane.api.builder.LifecyclePolicy;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.builder.InvalidKernelException;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainListener;
import org.paravane.core.hv.Hypervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What xl's per-domain daemon does after {@code xl create}: watches the domains the
 * launch path started with a {@link LifecyclePolicy} and, when one shuts down, applies
 * on_poweroff / on_reboot / on_crash. Restart destroys the domain and builds a new one
 * from the kept kernel image with the same name, config and UUID (a new domid, as Xen gives).
 * Actions run on one thread of their own, since domain listeners must not block.
 *
 * <p>A guest that keeps crashing under {@code restart} would loop forever; like xend's
 * MINIMUM_RESTART_TIME guard, more than {@link #MAX_RESTARTS} restarts within
 * {@link #RESTART_WINDOW_MILLIS} destroy it instead.
 */
final class LifecycleSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleSupervisor.class);

    /** Restarts allowed within the window before the guest is destroyed instead. */
    static final int MAX_RESTARTS = 5;

    /** The window of the restart guard. */
    static final long RESTART_WINDOW_MILLIS = 60_000;

    /** What is kept to rebuild a guest. */
    record Guest(String name, long memoryMiB, int vcpus, String kernelName, byte[] image, String cmdline,
            List<DiskSpec> disks, LifecyclePolicy policy, ArrayDeque<Long> restarts) {
    }

    private final PvGuestLauncher launcher;
    private final GuestDisks disks;
    private final Hypervisor hv;
    private final Map<Integer, Guest> guests = new ConcurrentHashMap<>();
    /** Domains the actions thread is destroying itself (it then detaches their disks inline). */
    private final Set<Integer> destroyingHere = ConcurrentHashMap.newKeySet();
    private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "paravane-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private final DomainListener listener = new DomainListener() {
        @Override
        public void shutDown(Domain d) {
            Guest g = guests.get(d.domid());
            ShutdownReason reason = d.shutdownReason();
            if (g == null || reason == null) {
                return;
            }
            LifecycleAction a = g.policy().actionFor(reason);
            if (a == null) {
                return;
            }
            try {
                actions.execute(() -> apply(d.domid(), g, reason, a));
            } catch (RejectedExecutionException e) {
                LOG.debug("lifecycle action for domain {} after close: {}", d.domid(), e.getMessage());
            }
        }

        @Override
        public void destroyed(Domain d) {
            guests.remove(d.domid());
            if (destroyingHere.contains(d.domid())) {
                return; // destroy() and restart() detach the disks themselves, in order
            }
            // Any domain's disks go with it (xl destroy, hv:destroy); not on this thread,
            // since listeners must not block. start() waits for these before it builds, so a
            // new domain that gets the same domid does not lose its disks to a late detach.
            try {
                actions.execute(() -> disks.detachAll(d.domid()));
            } catch (RejectedExecutionException e) {
                LOG.debug("detaching the disks of domain {} after close: {}", d.domid(), e.getMessage());
            }
        }
    };

    LifecycleSupervisor(PvGuestLauncher launcher, GuestDisks disks) {
        this.launcher = launcher;
        this.disks = disks;
        this.hv = launcher.hypervisor();
        hv.domains().addListener(listener);
    }

    /**
     * Builds {@code g}'s domain paused, supervises it, then (unless {@code paused}) unpauses
     * it: supervision starts before the guest runs, so even an instant poweroff is seen.
     */
    int start(Guest g, boolean paused) throws IOException, InvalidKernelException {
        try {
            actions.submit(() -> { }).get(); // pending detaches of destroyed domains first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for earlier domains' disks to be detached", e);
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.debug("no pending lifecycle actions to wait for: {}", e.getMessage());
        }
        return start(g, null, paused);
    }

    private int start(Guest g, UUID uuid, boolean paused) throws IOException, InvalidKernelException {
        int domid = launcher.launchImage(g.name(), uuid, g.memoryMiB(), g.vcpus(), g.kernelName(), g.image(),
                g.cmdline(), true);
        try {
            disks.attachAll(domid, g.disks());
        } catch (IOException | RuntimeException e) {
            hv.domains().destroy(domid);
            throw e;
        }
        guests.put(domid, g);
        if (!paused) {
            try {
                hv.domains().unpause(domid);
            } catch (RuntimeException e) {
                guests.remove(domid);
                hv.domains().destroy(domid);
                throw e;
            }
        }
        return domid;
    }

    /** The policy {@code domid} is supervised under. */
    Optional<LifecyclePolicy> policy(int domid) {
        return Optional.ofNullable(guests.get(domid)).map(Guest::policy);
    }

    private void apply(int domid, Guest g, ShutdownReason reason, LifecycleAction action) {
        if (guests.get(domid) != g) {
            return; // destroyed meanwhile (xl destroy) or already handled
        }
        String what = "d" + domid + " ('" + g.name() + "'): " + key(reason) + "=" + action.configName();
        switch (action) {
            case PRESERVE -> {
                guests.remove(domid);
                note(what + ": preserved");
            }
            case DESTROY -> destroy(domid, what + ": destroyed");
            case COREDUMP_DESTROY -> destroy(domid, what + ": core dumps are not available; destroyed");
            case RESTART -> restart(domid, g, what);
            case COREDUMP_RESTART -> restart(domid, g, what + " (core dumps are not available)");
            case RENAME_RESTART -> restart(domid, g, what + " (renaming is not available; the old domain goes)");
            case SOFT_RESET -> restart(domid, g, what + " (soft reset is not available; a full restart)");
        }
    }

    private void destroy(int domid, String message) {
        guests.remove(domid);
        destroyingHere.add(domid);
        try {
            hv.domains().destroy(domid);
        } catch (DomainException e) {
            LOG.debug("domain {} already gone: {}", domid, e.getMessage());
        } finally {
            disks.detachAll(domid);
            destroyingHere.remove(domid);
        }
        note(message);
    }

    private void restart(int domid, Guest g, String what) {
        long now = System.currentTimeMillis();
        while (!g.restarts().isEmpty() && now - g.restarts().peekFirst() > RESTART_WINDOW_MILLIS) {
            g.restarts().removeFirst();
        }
        if (g.restarts().size() >= MAX_RESTARTS) {
            destroy(domid, what + ": restarting too fast (" + MAX_RESTARTS + " restarts within "
                    + RESTART_WINDOW_MILLIS / 1000 + " s); destroyed instead");
            return;
        }
        g.restarts().addLast(now);
        guests.remove(domid);
        UUID uuid = hv.domains().domain(domid).map(Domain::uuid).orElse(null);
        destroyingHere.add(domid);
        try {
            hv.domains().destroy(domid);
        } catch (DomainException e) {
            note(what + ": the domain went away before the restart (" + e.getMessage() + ")");
            return;
        } finally {
            disks.detachAll(domid); // the images are free before the new domain opens them
            destroyingHere.remove(domid);
        }

        try {
            int fresh = start(g, uuid, false);
            note(what + ": restarted as d" + fresh);
        } catch (Exception e) {
            note(what + ": the restart failed: " + e.getMessage());
            LOG.warn("restart of '{}' failed", g.name(), e);
        }
    }

    private void note(String message) {
        LOG.info("{}", message);
        hv.log().log(message);
    }

    private static String key(ShutdownReason r) {
        return switch (r) {
            case POWEROFF -> "on_poweroff";
            case REBOOT, SOFT_RESET -> "on_reboot";
            default -> "on_crash";
        };
    }

    /** Stops watching; pending actions are dropped (the daemon is going down). */
    @Override
    public void close() {
        hv.domains().removeListener(listener);
        actions.shutdownNow();
        try {
            actions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
