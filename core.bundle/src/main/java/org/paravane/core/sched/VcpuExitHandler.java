package org.paravane.core.sched;

/** What the scheduler tells the domain layer about vCPUs that ended abnormally. */
public interface VcpuExitHandler {

    /** The vCPU crashed (RunExit.CRASHED or the engine threw): the domain crashes. */
    void vcpuCrashed(VcpuContext vcpu, String reason);
}
