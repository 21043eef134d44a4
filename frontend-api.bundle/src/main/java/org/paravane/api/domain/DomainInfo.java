package org.paravane.api.domain;

import java.util.UUID;

/**
 * A snapshot of one domain, as toolstacks list it.
 *
 * @param domid      the 16-bit domain id (0 is dom0)
 * @param uuid       the domain's handle
 * @param name       the domain name, unique among live domains
 * @param state      the life-cycle state
 * @param shutdownReason why it shut down, or {@code null} while not shut down
 * @param privileged true for dom0 (and only dom0)
 * @param memoryKiB  current memory reservation in KiB
 * @param maxMemoryKiB the memory ceiling in KiB
 * @param vcpus      number of vCPUs
 * @param cpuTimeNanos host CPU time consumed by the domain's vCPUs
 * @param weight     credit-scheduler weight
 * @param cap        credit-scheduler cap (percent of one host thread, 0 = none)
 * @param targetKiB  balloon target in KiB
 */
public record DomainInfo(
        int domid,
        UUID uuid,
        String name,
        DomainState state,
        ShutdownReason shutdownReason,
        boolean privileged,
        long memoryKiB,
        long maxMemoryKiB,
        int vcpus,
        long cpuTimeNanos,
        int weight,
        int cap,
        long targetKiB) {

    /** The snapshot without scheduler and balloon fields (weight 256, no cap, target = memory). */
    public DomainInfo(int domid, UUID uuid, String name, DomainState state, ShutdownReason shutdownReason,
            boolean privileged, long memoryKiB, long maxMemoryKiB, int vcpus, long cpuTimeNanos) {
        this(domid, uuid, name, state, shutdownReason, privileged, memoryKiB, maxMemoryKiB, vcpus, cpuTimeNanos,
                DomainConfig.DEFAULT_WEIGHT, 0, memoryKiB);
    }
}
