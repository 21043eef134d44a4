package org.paravane.api.domain;

/**
 * What {@code xl info} reports about the host (toolstack-facts.md B.1, xend.node.info).
 *
 * @param host          the host name
 * @param release       the host OS release
 * @param version       the host OS version string
 * @param machine       the host machine (CPU architecture)
 * @param nrCpus        host threads available to the hypervisor
 * @param totalMemoryMiB the guest-memory budget in MiB
 * @param freeMemoryMiB  what is left of it in MiB
 * @param xenMajor      the hypervisor's major version, as xen_version reports it to guests
 * @param xenMinor      the minor version
 * @param xenExtra      the extra version string, e.g. {@code .0-paravane}
 * @param xenCaps       the capabilities string, e.g. {@code xen-3.0-riscv64}
 * @param xenScheduler  the scheduler name ({@code credit})
 * @param xenPagesize   the guest page size in bytes
 * @param bootEpochMillis when the hypervisor started, in milliseconds since the epoch
 * @param domains       live domains, dom0 included
 */
public record HostInfo(String host, String release, String version, String machine, int nrCpus,
        long totalMemoryMiB, long freeMemoryMiB, int xenMajor, int xenMinor, String xenExtra, String xenCaps,
        String xenScheduler, int xenPagesize, long bootEpochMillis, int domains) {
}
