package org.paravane.engine.riscv.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.api.engine.VcpuHost;
import org.paravane.engine.riscv.RiscvEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the RV64IMAC interpreter as the {@link VcpuEngine} for ISA "rv64imac". */
@Component(service = VcpuEngine.class, immediate = true, property = "isa=" + RiscvEngine.ISA)
public final class RiscvEngineComponent implements VcpuEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RiscvEngineComponent.class);

    private final RiscvEngine engine = new RiscvEngine();

    @Activate
    public RiscvEngineComponent() {
        LOG.info("RISC-V engine ({}) ready", RiscvEngine.ISA);
        // Warm the engine up off the activation path, so the first guest's boot does not pay
        // for class loading and first compilations (docs/benchmarks.md, boot latency). It
        // waits WARM_UP_DELAY_MS first so that it does not compete with the daemon's own start
        // (2 cores, ready-line goal of issue 2); a guest created earlier simply starts cold.
        Thread t = new Thread(RiscvEngineComponent::warmUp, "riscv-engine-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Delay between activation and the engine warm-up. */
    static final long WARM_UP_DELAY_MS = 2000;

    private static void warmUp() {
        try {
            Thread.sleep(WARM_UP_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long t0 = System.nanoTime();
        try {
            long n = RiscvEngine.warmUp();
            LOG.debug("RISC-V engine warm-up: {} instructions in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("RISC-V engine warm-up failed (guests are not affected)", e);
        }
    }

    @Override
    public String isa() {
        return engine.isa();
    }

    @Override
    public Vcpu createVcpu(VcpuHost host, int vcpuId) {
        return engine.createVcpu(host, vcpuId);
    }
}
