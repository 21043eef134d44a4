package org.paravane.core.hv.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Hypervisor} in the framework: configured through Configuration Admin
 * (PID {@code org.paravane.core.hypervisor}), bound to the CPU engine service when one is
 * present. Other core components reference this component to reach the hypervisor.
 * A configuration change restarts the component (every domU is destroyed).
 */
@Component(service = HypervisorComponent.class, immediate = true, configurationPid = "org.paravane.core.hypervisor",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HypervisorComponent.Config.class)
public final class HypervisorComponent {

    private static final Logger LOG = LoggerFactory.getLogger(HypervisorComponent.class);

    /** Host-level settings. */
    @ObjectClassDefinition(name = "Paravane hypervisor", description = "Memory budget and scheduler of the core")
    public @interface Config {
        /** Host memory guests may populate, in MiB. */
        @AttributeDefinition(name = "Memory budget (MiB)", min = "1")
        long memoryBudgetMiB() default 4096;

        /** Host threads running vCPUs; 0 = one per host core. */
        @AttributeDefinition(name = "Scheduler threads", description = "0 = number of host cores", min = "0")
        int schedulerThreads() default 0;

        /** Instructions per time slice. */
        @AttributeDefinition(name = "Time slice (instructions)", min = "1")
        long sliceInstructions() default HypervisorConfig.DEFAULT_SLICE;
    }

    private final Hypervisor hypervisor;

    /** Starts the hypervisor with dom0. */
    @Activate
    public HypervisorComponent(Config config) {
        int threads = config.schedulerThreads() > 0 ? config.schedulerThreads()
                : Runtime.getRuntime().availableProcessors();
        hypervisor = new Hypervisor(new HypervisorConfig(config.memoryBudgetMiB() << 20, threads,
                config.sliceInstructions()));
        LOG.info("hypervisor started: budget {} MiB, {} scheduler thread(s); dom0 created (domid 0, privileged)",
                config.memoryBudgetMiB(), threads);
    }

    /** The hypervisor. */
    public Hypervisor hypervisor() {
        return hypervisor;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEngine(VcpuEngine engine) {
        hypervisor.setEngine(engine);
        LOG.info("CPU engine bound: {}", engine.isa());
    }

    void unbindEngine(VcpuEngine engine) {
        hypervisor.setEngine(null);
        LOG.info("CPU engine unbound: {}", engine.isa());
    }

    /** Same as SCR deactivation, for unit tests in other packages. */
    public void deactivateForTest() {
        deactivate();
    }

    @Deactivate
    void deactivate() {
        int n = hypervisor.domains().size();
        hypervisor.close();
        LOG.info("hypervisor stopped: {} domain(s) destroyed", n);
    }
}
