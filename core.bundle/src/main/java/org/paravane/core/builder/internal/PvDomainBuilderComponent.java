package org.paravane.core.builder.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.paravane.api.builder.LifecyclePolicy;
import org.paravane.api.builder.PvBuildException;
import org.paravane.api.builder.PvDomainBuilder;
import org.paravane.api.builder.PvDomainRequest;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.domain.DomainException;
import org.paravane.api.store.XenStore;
import org.paravane.api.vbd.VbdControl;
import org.paravane.core.builder.InvalidKernelException;
import org.paravane.core.console.ConsoleBackend;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.paravane.core.xenstore.DomainIntroducer;

/**
 * The toolstacks' {@link PvDomainBuilder}: the same launch path as {@code hv:create},
 * with its failures translated into {@link PvBuildException}s that name the file or field,
 * plus the lifecycle supervisor that applies on_poweroff / on_reboot / on_crash to the
 * domains created with a {@link LifecyclePolicy}. Immediate: a delayed component would be
 * disposed whenever no toolstack holds it, and its supervisor with it.
 */
@Component(service = PvDomainBuilder.class, immediate = true)
public final class PvDomainBuilderComponent implements PvDomainBuilder {

    private final PvGuestLauncher launcher;
    private final LifecycleSupervisor supervisor;

    /** Binds to the running hypervisor, xenstored and xenconsoled; requests with disks fail. */
    public PvDomainBuilderComponent(HypervisorComponent hypervisor, DomainIntroducer xenstore,
            ConsoleBackend consoles) {
        this(hypervisor, xenstore, consoles, null, null);
    }

    /**
     * Binds to the running hypervisor, xenstored, xenconsoled and the block backend (which
     * attaches the disks of a request while its domain is paused).
     */
    @Activate
    public PvDomainBuilderComponent(@Reference HypervisorComponent hypervisor, @Reference DomainIntroducer xenstore,
            @Reference ConsoleBackend consoles,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            VbdControl vbd, @Reference XenStore store) {
        this.launcher = new PvGuestLauncher(hypervisor.hypervisor(), xenstore, consoles);
        this.supervisor = new LifecycleSupervisor(launcher, new GuestDisks(vbd, store));
    }

    /** Stops supervising (the daemon or the core is going away). */
    @Deactivate
    public void deactivate() {
        supervisor.close();
    }

    @Override
    public int create(PvDomainRequest r) throws PvBuildException {
        Path kernel = Path.of(r.kernel());
        return building(r, kernel, () -> {
            if (!r.disks().isEmpty()) {
                // the supervisor's path attaches disks; preserve everywhere = left as it is
                return create(r, new LifecyclePolicy(LifecycleAction.PRESERVE, LifecycleAction.PRESERVE,
                        LifecycleAction.PRESERVE), false);
            }
            return launcher.launch(r.name(), r.memoryMiB(), r.vcpus(), kernel, r.cmdline());
        });
    }

    @Override
    public int create(PvDomainRequest r, LifecyclePolicy policy, boolean paused) throws PvBuildException {
        Objects.requireNonNull(policy, "policy");
        Path kernel = Path.of(r.kernel());
        return building(r, kernel, () -> {
            byte[] image = PvGuestLauncher.readKernel(kernel);
            LifecycleSupervisor.Guest g = new LifecycleSupervisor.Guest(r.name(), r.memoryMiB(), r.vcpus(),
                    kernel.getFileName().toString(), image, r.cmdline(), r.disks(), policy, new ArrayDeque<>());
            return supervisor.start(g, paused);
        });
    }

    /** One build step that may fail for any of the reasons {@link #building} translates. */
    private interface BuildStep {
        int run() throws PvBuildException, IOException, InvalidKernelException, GuestDisks.DiskAttachException;
    }

    /**
     * Runs {@code step} and turns its failures into {@link PvBuildException}s naming the
     * kernel file (bad image) or the domain (everything else).
     */
    private static int building(PvDomainRequest r, Path kernel, BuildStep step) throws PvBuildException {
        try {
            return step.run();
        } catch (GuestDisks.DiskAttachException e) {
            throw new PvBuildException("domain '" + r.name() + "': " + e.getMessage(), e);
        } catch (InvalidKernelException e) {
            throw new PvBuildException("kernel '" + kernel + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PvBuildException("domain '" + r.name() + "' from kernel '" + kernel + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException | DomainException e) {
            throw new PvBuildException("domain '" + r.name() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<LifecyclePolicy> lifecycle(int domid) {
        return supervisor.policy(domid);
    }
}
