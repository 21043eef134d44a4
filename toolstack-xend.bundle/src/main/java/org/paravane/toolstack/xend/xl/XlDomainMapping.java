package org.paravane.toolstack.xend.xl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.paravane.api.builder.LifecyclePolicy;
import org.paravane.api.builder.PvDomainRequest;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.config.DomainType;

/**
 * Maps a parsed xl config onto what the PV builder takes. A relative {@code kernel} and
 * relative disk targets are resolved against the config file's directory. Devices the
 * builder cannot attach yet (vifs) and a ramdisk become warnings; the domain is created
 * without them.
 *
 * @param request   the builder request
 * @param lifecycle on_poweroff, on_reboot, on_crash as the config (or xl's defaults) says
 * @param warnings  what was left out, one line each
 */
public record XlDomainMapping(PvDomainRequest request, LifecyclePolicy lifecycle, List<String> warnings) {

    /** Copies the warnings. */
    public XlDomainMapping {
        warnings = List.copyOf(warnings);
    }

    /**
     * Maps {@code config}, read from {@code configFile}. IllegalArgumentException when the
     * config cannot describe a PV guest here (no kernel, a type other than pv).
     */
    public static XlDomainMapping of(DomainConfig config, Path configFile) {
        String where = configFile.toString();
        if (config.type() != null && config.type() != DomainType.PV) {
            throw new IllegalArgumentException(where + ": 'type': only \"pv\" guests can be created, found \""
                    + config.type().name().toLowerCase(java.util.Locale.ROOT) + "\"");
        }
        if (config.kernel() == null || config.kernel().isBlank()) {
            throw new IllegalArgumentException(where + ": 'kernel': a PV guest needs a kernel, none is set");
        }
        Path dir = configFile.toAbsolutePath().getParent();
        Path kernel = dir.resolve(config.kernel()).normalize();
        List<String> warnings = new ArrayList<>();
        if (!config.vifs().isEmpty()) {
            warnings.add(where + ": warning: 'vif': network devices are not available yet; creating the domain without "
                    + config.vifs().size() + " vif(s)");
        }
        if (config.ramdisk() != null && !config.ramdisk().isBlank()) {
            warnings.add(where + ": warning: 'ramdisk': ramdisks are not available yet; ignored");
        }
        PvDomainRequest r = new PvDomainRequest(config.name(), config.memoryMiB(), config.vcpus(),
                kernel.toString(), config.cmdline() == null ? "" : config.cmdline(), disks(config.disks(), dir));
        LifecyclePolicy policy = new LifecyclePolicy(config.onPoweroff(), config.onReboot(), config.onCrash());
        approximated(where, "on_poweroff", config.onPoweroff(), warnings);
        approximated(where, "on_reboot", config.onReboot(), warnings);
        approximated(where, "on_crash", config.onCrash(), warnings);
        return new XlDomainMapping(r, policy, warnings);
    }

    /**
     * The disks with relative targets resolved against the config file's directory, as the
     * kernel is (xl resolves them against its working directory; the daemon has none that
     * means anything to the user). Empty targets (an empty cdrom) stay empty.
     */
    static List<DiskSpec> disks(List<DiskSpec> disks, Path dir) {
        List<DiskSpec> out = new ArrayList<>();
        for (DiskSpec d : disks) {
            String t = d.target();
            if (t.isBlank() || Path.of(t).isAbsolute()) {
                out.add(d);
            } else {
                out.add(new DiskSpec(dir.resolve(t).normalize().toString(), d.format(), d.vdev(), d.vdevNumber(),
                        d.access(), d.devtype(), d.backendType(), d.backendDomain(), d.script(), d.specification(),
                        d.directIoSafe(), d.discard(), d.trusted(), d.otherKeys()));
            }
        }
        return out;
    }

    /** Actions the supervisor carries out only in part get a warning at create time (docs/xl.md). */
    private static void approximated(String where, String key, LifecycleAction a, List<String> warnings) {
        String how = switch (a) {
            case RENAME_RESTART -> "acts as restart (domains cannot be renamed yet)";
            case COREDUMP_DESTROY -> "acts as destroy (core dumps are not available yet)";
            case COREDUMP_RESTART -> "acts as restart (core dumps are not available yet)";
            case SOFT_RESET -> "acts as restart (soft reset is not available yet)";
            default -> null;
        };
        if (how != null) {
            warnings.add(where + ": warning: '" + key + "': " + a.configName() + " " + how);
        }
    }
}
