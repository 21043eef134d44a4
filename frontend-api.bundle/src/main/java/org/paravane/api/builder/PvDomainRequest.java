package org.paravane.api.builder;

import java.util.List;
import java.util.Objects;
import org.paravane.api.config.DiskSpec;

/**
 * What a PV domain is built from.
 *
 * @param name      the domain name (unique among live domains)
 * @param memoryMiB RAM in MiB, at least 1
 * @param vcpus     vCPUs, at least 1
 * @param kernel    absolute path of the kernel ELF file, as the daemon sees it
 * @param cmdline   the kernel command line ("" when none)
 * @param disks     the disks attached while the domain is still paused, in order (targets as
 *                  the daemon sees them); a lifecycle restart attaches them to the new domain
 *                  (since 1.2)
 */
public record PvDomainRequest(String name, long memoryMiB, int vcpus, String kernel, String cmdline,
        List<DiskSpec> disks) {

    /** A request without disks. */
    public PvDomainRequest(String name, long memoryMiB, int vcpus, String kernel, String cmdline) {
        this(name, memoryMiB, vcpus, kernel, cmdline, List.of());
    }

    /** Checks the fields that do not need the file system. */
    public PvDomainRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kernel, "kernel");
        cmdline = cmdline == null ? "" : cmdline;
        disks = disks == null ? List.of() : List.copyOf(disks);
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException("memory must be at least 1 MiB, got " + memoryMiB);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1, got " + vcpus);
        }
    }
}
