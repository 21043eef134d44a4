package org.paravane.api.engine;

/** Why {@link Vcpu#run(long)} returned. */
public enum RunExit {
    /** The instruction budget was used up; the vCPU can run again at once. */
    BUDGET_EXHAUSTED,
    /** The guest executed {@code wfi} with nothing pending: run again once woken. */
    IDLE,
    /** The host asked to block the vCPU during an environment call (sched_op block/poll). */
    BLOCKED,
    /** The host asked to stop the vCPU (domain shutdown, vCPU down, pause). */
    STOPPED,
    /**
     * The guest hit a fault it cannot handle (for example a trap with no usable trap
     * vector); {@link Vcpu#describeState()} tells what happened. The domain crashes.
     */
    CRASHED
}
