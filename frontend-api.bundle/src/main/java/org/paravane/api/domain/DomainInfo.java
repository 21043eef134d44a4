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
        long cpuTimeNanos) {
}
