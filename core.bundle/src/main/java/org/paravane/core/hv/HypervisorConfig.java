package org.paravane.core.hv;

/**
 * Host-level settings of the hypervisor.
 *
 * @param memoryBudgetBytes  host memory guests may populate, in bytes
 * @param schedulerThreads   host threads running vCPUs (default: host cores)
 * @param sliceInstructions  instructions per time slice
 */
public record HypervisorConfig(long memoryBudgetBytes, int schedulerThreads, long sliceInstructions) {

    /** Default slice: 100,000 instructions (about a millisecond on an interpreter). */
    public static final long DEFAULT_SLICE = 100_000;

    /** Defaults: a 4 GiB budget, one thread per host core. */
    public static HypervisorConfig defaults() {
        return new HypervisorConfig(4L << 30, Runtime.getRuntime().availableProcessors(), DEFAULT_SLICE);
    }
}
