package org.paravane.toolstack.xend.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.paravane.api.config.ConfigValue;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.config.DomainType;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.config.VifSpec;

/**
 * Turns parsed settings into a validated {@link DomainConfig}: checks the type and range
 * of every typed key, parses the disk and vif lists, applies xl's defaults and collects
 * warnings for keys it does not know.
 */
final class DomainConfigReader {

    /** Paravane's ceiling for vcpus/maxvcpus (Xen's HVM limit is 128; PV guests go higher). */
    static final int MAX_VCPUS = 4096;
    /** Ceiling for memory/maxmem in MiB: 2^31 MiB, far beyond any host this runs on. */
    static final long MAX_MEMORY_MIB = 1L << 31;
    /** The memory given to a guest whose config has no {@code memory} key (libxl's default). */
    static final long DEFAULT_MEMORY_MIB = 128;

    private static final Pattern UUID_SYNTAX = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String source;
    private final Map<String, Setting> settings;
    private final List<ConfigWarning> warnings;

    private DomainConfigReader(String source, Map<String, Setting> settings, List<ConfigWarning> warnings) {
        this.source = source;
        this.settings = settings;
        this.warnings = warnings;
    }

    /** Validates {@code settings} (read from {@code source}) into a config. */
    static ParsedConfig read(String source, Map<String, Setting> settings, List<ConfigWarning> warnings)
            throws ConfigException {
        return new DomainConfigReader(source, settings, warnings).read();
    }

    private ParsedConfig read() throws ConfigException {
        Setting nameSetting = settings.get("name");
        if (nameSetting == null) {
            throw new ConfigException(new SourcePos(source, 1, 1), "name",
                    "missing mandatory key: expected name = \"<domain name>\"");
        }
        String name = string(nameSetting);
        if (name.isBlank() || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw error(nameSetting, "expected a non-empty domain name without control characters, found "
                    + nameSetting.value().describe());
        }
        UUID uuid = uuid();
        long[] memory = memory();
        int[] vcpus = vcpus();
        DomainType type = type();
        String kernel = optionalString("kernel");
        String ramdisk = optionalString("ramdisk");
        if (type == DomainType.PV && kernel == null && !settings.containsKey("bootloader")) {
            SourcePos at = settings.containsKey("type") ? settings.get("type").keyPos()
                    : nameSetting.keyPos();
            throw new ConfigException(at, "kernel",
                    "a PV guest needs a kernel (or a bootloader): expected kernel = \"<path>\"");
        }
        String cmdline = cmdline();
        List<DiskSpec> disks = disks();
        List<VifSpec> vifs = vifs();
        LifecycleAction[] defaults = legacyRestart();
        LifecycleAction onPoweroff = action("on_poweroff", defaults[0]);
        LifecycleAction onReboot = action("on_reboot", defaults[1]);
        LifecycleAction onCrash = action("on_crash", defaults[2]);
        Map<String, ConfigValue> other = others();
        DomainConfig config = new DomainConfig(name, uuid, memory[0], memory[1], vcpus[0], vcpus[1],
                kernel, ramdisk, cmdline, type, disks, vifs, onPoweroff, onReboot, onCrash, other);
        return new ParsedConfig(config, warnings);
    }

    /** {memory, maxmem} in MiB: memory defaults to 128, maxmem to memory, and maxmem >= memory. */
    private long[] memory() throws ConfigException {
        long memory = settings.containsKey("memory")
                ? integer(settings.get("memory"), 1, MAX_MEMORY_MIB, "a memory size in MiB")
                : DEFAULT_MEMORY_MIB;
        long maxmem = memory;
        Setting s = settings.get("maxmem");
        if (s != null) {
            maxmem = integer(s, 1, MAX_MEMORY_MIB, "a memory size in MiB");
            if (maxmem < memory) {
                throw error(s, "expected maxmem >= memory (" + memory + " MiB), found " + maxmem);
            }
        }
        return new long[] {memory, maxmem};
    }

    /**
     * {online, maximum} vCPUs from vcpus, maxvcpus and xm's vcpu_avail (with which vcpus
     * is the maximum and the mask says which are online at boot).
     */
    private int[] vcpus() throws ConfigException {
        Setting vcpuSetting = settings.get("vcpus");
        int vcpus = vcpuSetting == null ? 1 : (int) integer(vcpuSetting, 1, MAX_VCPUS, "a vCPU count");
        Setting maxSetting = settings.get("maxvcpus");
        int maxvcpus = maxSetting == null ? vcpus : (int) integer(maxSetting, 1, MAX_VCPUS, "a vCPU count");
        Setting avail = settings.get("vcpu_avail");
        if (avail != null) {
            long mask = integer(avail, 1, Long.MAX_VALUE, "a bitmask of online vCPUs");
            int highest = 64 - Long.numberOfLeadingZeros(mask);
            if (highest > maxvcpus) {
                throw error(avail, "expected a bitmask of at most " + maxvcpus
                        + " bits (the vCPU maximum), found " + mask);
            }
            vcpus = Long.bitCount(mask);
        }
        if (vcpus > maxvcpus) {
            throw error(vcpuSetting == null ? maxSetting : vcpuSetting,
                    "expected vcpus <= maxvcpus (" + maxvcpus + "), found " + vcpus);
        }
        return new int[] {vcpus, maxvcpus};
    }

    private ConfigException error(Setting s, String expected) {
        return new ConfigException(s.value().pos(), s.key(), expected);
    }

    /** A string value; numbers count too, because xl treats every scalar as an atom. */
    private String string(Setting s) throws ConfigException {
        return switch (s.value()) {
            case ConfigNode.Str str -> str.value();
            case ConfigNode.Num num -> num.literal();
            case ConfigNode.ListOf list -> throw error(s, "expected a quoted string, found a list");
        };
    }

    private String optionalString(String key) throws ConfigException {
        Setting s = settings.get(key);
        if (s == null) {
            return null;
        }
        String value = string(s);
        if (value.isEmpty()) {
            throw error(s, "expected a non-empty path, found an empty string");
        }
        return value;
    }

    /** An integer, from a number or a string of decimal digits (xlu_cfg_get_long). */
    private long integer(Setting s, long min, long max, String what) throws ConfigException {
        Long value = switch (s.value()) {
            case ConfigNode.Num num -> num.value();
            case ConfigNode.Str str -> ConfigLexer.parseInteger(str.value());
            case ConfigNode.ListOf list -> null;
        };
        if (value == null) {
            throw error(s, "expected " + what + " (an integer), found " + s.value().describe());
        }
        if (value < min || value > max) {
            throw error(s, "expected " + what + " from " + min + " to " + max + ", found " + value);
        }
        return value;
    }

    private UUID uuid() throws ConfigException {
        Setting s = settings.get("uuid");
        if (s == null) {
            return null;
        }
        String text = string(s);
        if (!UUID_SYNTAX.matcher(text).matches()) {
            throw error(s, "expected a UUID like 01234567-89ab-cdef-0123-456789abcdef, found \"" + text + "\"");
        }
        return UUID.fromString(text);
    }

    private DomainType type() throws ConfigException {
        Setting typeSetting = settings.get("type");
        Setting builder = settings.get("builder");
        DomainType fromBuilder = null;
        if (builder != null) {
            String b = string(builder);
            fromBuilder = switch (b) {
                case "generic", "linux" -> DomainType.PV;
                case "hvm" -> DomainType.HVM;
                default -> throw error(builder, "expected builder \"generic\", \"linux\" or \"hvm\", found \""
                        + b + "\"");
            };
        }
        if (typeSetting == null) {
            return fromBuilder == null ? DomainType.PV : fromBuilder;
        }
        String t = string(typeSetting);
        DomainType type = DomainType.fromConfigName(t);
        if (type == null) {
            throw error(typeSetting, "expected type \"pv\", \"pvh\" or \"hvm\", found \"" + t + "\"");
        }
        if (builder != null) {
            warnings.add(new ConfigWarning(builder.keyPos(), "builder",
                    "deprecated and ignored because 'type' is set"));
        }
        return type;
    }

    /** xl: {@code cmdline} wins; otherwise {@code root=<root>} followed by {@code extra}. */
    private String cmdline() throws ConfigException {
        Setting cmd = settings.get("cmdline");
        Setting root = settings.get("root");
        Setting extra = settings.get("extra");
        if (cmd != null) {
            for (Setting ignored : new Setting[] {root, extra}) {
                if (ignored != null) {
                    warnings.add(new ConfigWarning(ignored.keyPos(), ignored.key(),
                            "ignored because 'cmdline' is set"));
                }
            }
            return string(cmd);
        }
        StringBuilder out = new StringBuilder();
        if (root != null) {
            out.append("root=").append(string(root));
        }
        if (extra != null) {
            String e = string(extra);
            if (!out.isEmpty() && !e.isEmpty()) {
                out.append(' ');
            }
            out.append(e);
        }
        return out.toString();
    }

    /** The string elements of a list key, with their positions. */
    private List<ConfigNode.Str> stringList(Setting s, String what) throws ConfigException {
        if (!(s.value() instanceof ConfigNode.ListOf list)) {
            throw error(s, "expected a list of " + what + " strings, e.g. ['...'], found "
                    + s.value().describe());
        }
        List<ConfigNode.Str> out = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            if (!(item instanceof ConfigNode.Str str)) {
                throw new ConfigException(item.pos(), s.key(), "expected a " + what
                        + " string in the list, found " + item.describe());
            }
            out.add(str);
        }
        return out;
    }

    private List<DiskSpec> disks() throws ConfigException {
        Setting s = settings.get("disk");
        if (s == null) {
            return List.of();
        }
        List<DiskSpec> disks = new ArrayList<>();
        Map<Integer, String> byNumber = new HashMap<>();
        for (ConfigNode.Str item : stringList(s, "DISKSPEC")) {
            DiskSpec disk;
            try {
                disk = DiskSpecParser.parse(item.value());
            } catch (SpecException e) {
                throw new ConfigException(item.pos(), "disk", e.getMessage());
            }
            String clash = byNumber.putIfAbsent(disk.vdevNumber(), disk.vdev());
            if (clash != null) {
                throw new ConfigException(item.pos(), "disk", "vdev '" + disk.vdev()
                        + "' names the same device as '" + clash + "' (number " + disk.vdevNumber()
                        + "): expected each disk on its own vdev");
            }
            disks.add(disk);
        }
        return disks;
    }

    private List<VifSpec> vifs() throws ConfigException {
        Setting s = settings.get("vif");
        if (s == null) {
            return List.of();
        }
        List<VifSpec> vifs = new ArrayList<>();
        Map<Integer, Integer> devids = new HashMap<>();
        Map<String, Integer> macs = new HashMap<>();
        List<ConfigNode.Str> items = stringList(s, "VIFSPEC");
        for (int i = 0; i < items.size(); i++) {
            ConfigNode.Str item = items.get(i);
            VifSpecParser.Result result;
            try {
                result = VifSpecParser.parse(item.value(), i);
            } catch (SpecException e) {
                throw new ConfigException(item.pos(), "vif", e.getMessage());
            }
            for (String w : result.warnings()) {
                warnings.add(new ConfigWarning(item.pos(), "vif", w));
            }
            VifSpec vif = result.spec();
            if (devids.putIfAbsent(vif.devid(), i) != null) {
                throw new ConfigException(item.pos(), "vif", "devid " + vif.devid()
                        + " used twice: expected each vif to have its own devid");
            }
            if (vif.mac() != null && macs.putIfAbsent(vif.mac(), i) != null) {
                throw new ConfigException(item.pos(), "vif", "mac " + vif.mac()
                        + " used twice: expected each vif to have its own MAC address");
            }
            vifs.add(vif);
        }
        return vifs;
    }

    private LifecycleAction action(String key, LifecycleAction fallback) throws ConfigException {
        Setting s = settings.get(key);
        if (s == null) {
            return fallback;
        }
        String text = string(s);
        LifecycleAction a = LifecycleAction.fromConfigName(text);
        if (a == null) {
            throw error(s, "expected one of destroy, restart, rename-restart, preserve, coredump-destroy, "
                    + "coredump-restart, soft-reset; found \"" + text + "\"");
        }
        return a;
    }

    /** xm's {@code restart} key sets the defaults of the three on_* keys. */
    private LifecycleAction[] legacyRestart() throws ConfigException {
        Setting s = settings.get("restart");
        LifecycleAction d = LifecycleAction.DESTROY;
        LifecycleAction r = LifecycleAction.RESTART;
        if (s == null) {
            return new LifecycleAction[] {d, r, d};
        }
        String text = string(s);
        return switch (text) {
            case "onreboot" -> new LifecycleAction[] {d, r, d};
            case "always" -> new LifecycleAction[] {r, r, r};
            case "never" -> new LifecycleAction[] {d, d, d};
            default -> throw error(s, "expected restart \"onreboot\", \"always\" or \"never\", found \""
                    + text + "\"");
        };
    }

    private Map<String, ConfigValue> others() throws ConfigException {
        Map<String, ConfigValue> other = new LinkedHashMap<>();
        for (Setting s : settings.values()) {
            String key = s.key();
            if (KnownKeys.TYPED.contains(key)) {
                continue;
            }
            if (KnownKeys.OTHER_ACTIONS.contains(key)) {
                action(key, LifecycleAction.DESTROY);
            } else if (!KnownKeys.OTHER.contains(key)) {
                warnings.add(new ConfigWarning(s.keyPos(), key, "unknown key (kept, not used)"));
            }
            other.put(key, s.value().toValue());
        }
        return other;
    }
}
