package org.paravane.core.testing;

import org.paravane.api.domain.DomainConfig;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.api.engine.VcpuHost;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;

/** A real hypervisor with the {@link ScriptedVcpu} engine, for tests. */
public final class TestHypervisor {

    private TestHypervisor() {
    }

    /** The scripted engine. */
    public static final VcpuEngine ENGINE = new VcpuEngine() {
        @Override
        public String isa() {
            return "scripted";
        }

        @Override
        public Vcpu createVcpu(VcpuHost host, int vcpuId) {
            return new ScriptedVcpu(host, vcpuId);
        }
    };

    /** A hypervisor with {@code budgetMiB} of guest memory and 2 scheduler threads. */
    public static Hypervisor start(long budgetMiB) {
        Hypervisor hv = new Hypervisor(new HypervisorConfig(budgetMiB << 20, 2, 1000));
        hv.setEngine(ENGINE);
        return hv;
    }

    /** Creates a paused domU of {@code mib} MiB with {@code vcpus} vCPUs. */
    public static Domain domU(Hypervisor hv, String name, long mib, int vcpus) {
        return hv.domains().create(DomainConfig.of(name, mib * 1024, vcpus));
    }

    /** vCPU {@code i} of d as a ScriptedVcpu. */
    public static ScriptedVcpu cpu(Domain d, int i) {
        return (ScriptedVcpu) d.vcpu(i).vcpu();
    }

    /** Waits (up to 10 s) until {@code cond} holds; false on timeout. */
    public static boolean await(java.util.function.BooleanSupplier cond) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return cond.getAsBoolean();
    }
}
