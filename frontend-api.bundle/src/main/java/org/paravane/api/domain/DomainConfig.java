package org.paravane.api.domain;

import java.util.UUID;

/**
 * What a toolstack asks for when it creates a domain.
 *
 * @param name         unique among live domains; 1..64 printable ASCII characters
 * @param uuid         the domain handle, or {@code null} for a random one
 * @param memoryKiB    initial memory (populated RAM) in KiB, a multiple of 4
 * @param maxMemoryKiB the ceiling for ballooning up, in KiB (at least memoryKiB)
 * @param vcpus        number of vCPUs, 1..64
 * @param weight       credit-scheduler weight, 1..65535 (Xen's default is 256)
 * @param cap          percentage of one host thread the domain may use, 0 = no cap
 */
public record DomainConfig(String name, UUID uuid, long memoryKiB, long maxMemoryKiB, int vcpus, int weight,
        int cap) {

    /** Xen's default scheduler weight. */
    public static final int DEFAULT_WEIGHT = 256;

    /** A config with a random UUID, max = memory, default weight and no cap. */
    public static DomainConfig of(String name, long memoryKiB, int vcpus) {
        return new DomainConfig(name, null, memoryKiB, memoryKiB, vcpus, DEFAULT_WEIGHT, 0);
    }
}
