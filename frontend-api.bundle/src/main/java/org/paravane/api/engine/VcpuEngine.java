package org.paravane.api.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A CPU engine: a factory of vCPUs for one instruction set. Engine bundles register an
 * implementation as an OSGi service; the core picks one by {@link #isa()}.
 */
@ConsumerType
public interface VcpuEngine {

    /** The instruction set this engine executes, for example {@code "rv64imac"}. */
    String isa();

    /**
     * Creates a vCPU of a domain, in reset state (pc 0, all registers zero, S-mode).
     * The domain builder then sets the entry registers and pc.
     *
     * @param host   what the hypervisor offers this vCPU: memory, calls, time
     * @param vcpuId the vCPU number within its domain, from 0
     */
    Vcpu createVcpu(VcpuHost host, int vcpuId);
}
