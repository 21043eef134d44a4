package org.paravane.core.sched;

/** Where a vCPU is in the scheduler. */
public enum VcpuRunState {
    /** Down (not started, vcpu_op down, HSM stop, domain shut down): never scheduled. */
    OFFLINE,
    /** In a run queue. */
    RUNNABLE,
    /** On a host thread inside {@code Vcpu.run}. */
    RUNNING,
    /** Waiting for an interrupt, event or timeout (WFI, sched_op block/poll): costs nothing. */
    BLOCKED,
    /** Runnable, but its domain is paused or over its cap this period: parked on the domain. */
    PARKED
}
