package org.paravane.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A parsed and validated domain configuration: the common keys of xl.cfg(5) as typed
 * fields, everything else in {@link #otherKeys()}.
 *
 * @param name        the domain name (mandatory)
 * @param uuid        the domain handle, or {@code null} for a fresh one at each create
 * @param memoryMiB   memory at boot in MiB (> 0)
 * @param maxmemMiB   memory ceiling in MiB (>= memory)
 * @param vcpus       vCPUs online at boot (>= 1)
 * @param maxvcpus    vCPU ceiling (>= vcpus)
 * @param kernel      the kernel image path for direct boot, or {@code null}
 * @param ramdisk     the initial ramdisk path, or {@code null}
 * @param cmdline     the guest command line built from {@code cmdline}, or else
 *                    {@code root} and {@code extra}; {@code ""} when none is given
 * @param type        pv, pvh or hvm
 * @param disks       the parsed {@code disk} list, in order
 * @param vifs        the parsed {@code vif} list, in order
 * @param onPoweroff  action after a guest power-off
 * @param onReboot    action after a guest reboot
 * @param onCrash     action after a guest crash
 * @param otherKeys   every other key of the file, in file order, with its raw value
 */
public record DomainConfig(
        String name,
        UUID uuid,
        long memoryMiB,
        long maxmemMiB,
        int vcpus,
        int maxvcpus,
        String kernel,
        String ramdisk,
        String cmdline,
        DomainType type,
        List<DiskSpec> disks,
        List<VifSpec> vifs,
        LifecycleAction onPoweroff,
        LifecycleAction onReboot,
        LifecycleAction onCrash,
        Map<String, ConfigValue> otherKeys) {

    /** Checks the invariants every producer of a config must already have enforced. */
    public DomainConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(onPoweroff, "onPoweroff");
        Objects.requireNonNull(onReboot, "onReboot");
        Objects.requireNonNull(onCrash, "onCrash");
        if (memoryMiB <= 0 || maxmemMiB < memoryMiB) {
            throw new IllegalArgumentException(
                    "need 0 < memory <= maxmem, got " + memoryMiB + " / " + maxmemMiB);
        }
        if (vcpus < 1 || maxvcpus < vcpus) {
            throw new IllegalArgumentException(
                    "need 1 <= vcpus <= maxvcpus, got " + vcpus + " / " + maxvcpus);
        }
        disks = List.copyOf(disks);
        vifs = List.copyOf(vifs);
        // Map.copyOf would lose file order, which printers and round trips rely on.
        otherKeys = Collections.unmodifiableMap(new LinkedHashMap<>(otherKeys));
    }
}
