package org.paravane.core.builder;

import java.util.concurrent.atomic.AtomicLong;
import org.paravane.api.engine.RunExit;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.api.engine.VcpuHost;
import org.paravane.api.engine.VcpuState;

/**
 * Wraps a real engine and counts how its vCPUs leave {@link Vcpu#run}: by a Java exception
 * (an engine bug the scheduler contains) or by the engine's own CRASHED exit (a guest fault
 * the guest could not handle). Lets hostile-guest tests tell the two apart.
 */
final class ObservedEngine implements VcpuEngine {

    private final VcpuEngine engine;
    final AtomicLong thrown = new AtomicLong();
    final AtomicLong crashedExits = new AtomicLong();

    ObservedEngine(VcpuEngine engine) {
        this.engine = engine;
    }

    @Override
    public String isa() {
        return engine.isa();
    }

    @Override
    public Vcpu createVcpu(VcpuHost host, int vcpuId) {
        Vcpu v = engine.createVcpu(host, vcpuId);
        return new Vcpu() {
            @Override
            public int id() {
                return v.id();
            }

            @Override
            public RunExit run(long budget) {
                try {
                    RunExit exit = v.run(budget);
                    if (exit == RunExit.CRASHED) {
                        crashedExits.incrementAndGet();
                    }
                    return exit;
                } catch (RuntimeException | Error e) {
                    thrown.incrementAndGet();
                    throw e;
                }
            }

            @Override
            public long register(int index) {
                return v.register(index);
            }

            @Override
            public void setRegister(int index, long value) {
                v.setRegister(index, value);
            }

            @Override
            public long pc() {
                return v.pc();
            }

            @Override
            public void setPc(long pc) {
                v.setPc(pc);
            }

            @Override
            public void setInterruptPending(int sipBit, boolean pending) {
                v.setInterruptPending(sipBit, pending);
            }

            @Override
            public boolean hasWakeupPending() {
                return v.hasWakeupPending();
            }

            @Override
            public long instructionsRetired() {
                return v.instructionsRetired();
            }

            @Override
            public void invalidateMappings() {
                v.invalidateMappings();
            }

            @Override
            public VcpuState save() {
                return v.save();
            }

            @Override
            public void restore(VcpuState state) {
                v.restore(state);
            }

            @Override
            public String describeState() {
                return v.describeState();
            }
        };
    }
}
