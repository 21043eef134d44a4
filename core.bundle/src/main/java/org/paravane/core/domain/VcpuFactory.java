package org.paravane.core.domain;

import org.paravane.api.engine.Vcpu;
import org.paravane.core.sched.VcpuContext;

/** Creates the engine's vCPU for one scheduler vCPU of a new domain (wired to a VcpuEngine). */
@FunctionalInterface
public interface VcpuFactory {

    /** The engine vCPU for {@code context} of {@code domain}; null when no engine is bound. */
    Vcpu create(Domain domain, VcpuContext context);
}
