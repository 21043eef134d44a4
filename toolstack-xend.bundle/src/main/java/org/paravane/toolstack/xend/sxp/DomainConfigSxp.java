package org.paravane.toolstack.xend.sxp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.paravane.api.config.ConfigValue;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.config.DomainType;
import org.paravane.api.config.VifSpec;
import org.paravane.toolstack.xend.config.ConfigException;
import org.paravane.toolstack.xend.config.DiskSpecParser;
import org.paravane.toolstack.xend.config.ParsedConfig;
import org.paravane.toolstack.xend.config.SourcePos;
import org.paravane.toolstack.xend.config.XlConfig;

/**
 * Converts between {@link DomainConfig} and the {@code (vm ...)} element that
 * {@code xm create} built ({@code make_config} in xm's create.py) and sent to
 * {@code xend.domain.create}:
 * <pre>
 * (vm (name demo) (memory 32) (maxmem 32) (vcpus 1)
 *     (on_poweroff destroy) (on_reboot restart) (on_crash destroy)
 *     (image (linux (kernel guest/build/hello.elf) (args 'console=hvc0')))
 *     (device (vbd (uname tap:vhd:demo.vhd) (dev xvda) (mode w)))
 *     (device (vif (mac 00:16:3e:00:00:01) (bridge xenbr0))))
 * </pre>
 * The image builder is {@code linux} (PV), {@code hvm}, or {@code pvh} (a Paravane
 * extension: xend predates PVH). vCPUs follow xm: {@code vcpus} is the maximum and
 * {@code vcpu_avail} the bitmask of those online. Other keys become {@code (key value)}
 * at the top level, a list value as {@code (key (item ...))}. Reading goes through the
 * same validation as a config file, so an SXP config is exactly as strict.
 */
public final class DomainConfigSxp {

    private static final Pattern CANONICAL_LONG = Pattern.compile("0|-?[1-9][0-9]{0,18}");

    private DomainConfigSxp() {
    }

    /** The {@code (vm ...)} element for {@code config}. */
    public static SxpList toSxp(DomainConfig config) {
        List<Sxp> vm = new ArrayList<>();
        vm.add(Sxp.atom("vm"));
        vm.add(Sxp.element("name", config.name()));
        if (config.uuid() != null) {
            vm.add(Sxp.element("uuid", config.uuid().toString()));
        }
        vm.add(Sxp.element("memory", Long.toString(config.memoryMiB())));
        vm.add(Sxp.element("maxmem", Long.toString(config.maxmemMiB())));
        if (config.vcpus() == config.maxvcpus()) {
            vm.add(Sxp.element("vcpus", Integer.toString(config.vcpus())));
        } else if (config.vcpus() < 63) {
            vm.add(Sxp.element("vcpus", Integer.toString(config.maxvcpus())));
            vm.add(Sxp.element("vcpu_avail", Long.toString((1L << config.vcpus()) - 1)));
        } else {
            // a bitmask this wide does not fit xend's integer; say it directly instead
            vm.add(Sxp.element("vcpus", Integer.toString(config.vcpus())));
            vm.add(Sxp.element("maxvcpus", Integer.toString(config.maxvcpus())));
        }
        vm.add(Sxp.element("on_poweroff", config.onPoweroff().configName()));
        vm.add(Sxp.element("on_reboot", config.onReboot().configName()));
        vm.add(Sxp.element("on_crash", config.onCrash().configName()));
        vm.add(image(config));
        for (DiskSpec disk : config.disks()) {
            vm.add(Sxp.list(Sxp.atom("device"), vbd(disk)));
        }
        for (int i = 0; i < config.vifs().size(); i++) {
            vm.add(Sxp.list(Sxp.atom("device"), vif(config.vifs().get(i), i)));
        }
        for (Map.Entry<String, ConfigValue> e : config.otherKeys().entrySet()) {
            vm.add(Sxp.list(Sxp.atom(e.getKey()), value(e.getValue())));
        }
        return new SxpList(vm);
    }

    private static SxpList image(DomainConfig config) {
        String builder = switch (config.type()) {
            case PV -> "linux";
            case HVM -> "hvm";
            case PVH -> "pvh";
        };
        List<Sxp> image = new ArrayList<>();
        image.add(Sxp.atom(builder));
        if (config.kernel() != null) {
            image.add(Sxp.element("kernel", config.kernel()));
        }
        if (config.ramdisk() != null) {
            image.add(Sxp.element("ramdisk", config.ramdisk()));
        }
        if (!config.cmdline().isEmpty()) {
            image.add(Sxp.element("args", config.cmdline()));
        }
        return Sxp.list(Sxp.atom("image"), new SxpList(image));
    }

    private static SxpList vbd(DiskSpec disk) {
        List<Sxp> vbd = new ArrayList<>();
        vbd.add(Sxp.atom("vbd"));
        vbd.add(Sxp.element("uname", DiskSpecParser.uname(disk)));
        vbd.add(Sxp.element("dev", disk.vdev() + (disk.cdrom() ? ":cdrom" : "")));
        vbd.add(Sxp.element("mode", disk.access().mode()));
        if (disk.backendDomain() != null) {
            vbd.add(Sxp.element("backend", disk.backendDomain()));
        }
        // the rest are xl-era keys xend did not have; written only when not the default
        if (disk.script() != null && !DiskSpecParser.scriptInUname(disk.script())) {
            vbd.add(Sxp.element("script", disk.script()));
        }
        if (disk.backendType() != DiskBackendType.AUTO) {
            vbd.add(Sxp.element("backendtype", disk.backendType().configName()));
        }
        if (disk.specification() == DiskSpecification.VIRTIO) {
            vbd.add(Sxp.element("specification", "virtio"));
        }
        if (disk.directIoSafe()) {
            vbd.add(Sxp.element("direct-io-safe", "1"));
        }
        if (!disk.discard()) {
            vbd.add(Sxp.element("discard", "0"));
        }
        if (!disk.trusted()) {
            vbd.add(Sxp.element("trusted", "0"));
        }
        for (Map.Entry<String, String> e : disk.otherKeys().entrySet()) {
            vbd.add(Sxp.element(e.getKey(), e.getValue()));
        }
        return new SxpList(vbd);
    }

    private static SxpList vif(VifSpec vif, int index) {
        List<Sxp> out = new ArrayList<>();
        out.add(Sxp.atom("vif"));
        addIfSet(out, "mac", vif.mac());
        addIfSet(out, "bridge", vif.bridge());
        addIfSet(out, "ip", vif.ip());
        addIfSet(out, "model", vif.model());
        addIfSet(out, "type", vif.type() == null ? null : vif.type().configName());
        addIfSet(out, "vifname", vif.vifname());
        addIfSet(out, "script", vif.script());
        addIfSet(out, "rate", vif.rate() == null ? null : vif.rate().text());
        addIfSet(out, "backend", vif.backend());
        addIfSet(out, "gatewaydev", vif.gatewaydev());
        addIfSet(out, "mtu", vif.mtu() == null ? null : vif.mtu().toString());
        if (vif.devid() != index) {
            out.add(Sxp.element("devid", Integer.toString(vif.devid())));
        }
        for (Map.Entry<String, String> e : vif.otherKeys().entrySet()) {
            out.add(Sxp.element(e.getKey(), e.getValue()));
        }
        return new SxpList(out);
    }

    private static void addIfSet(List<Sxp> out, String key, String value) {
        if (value != null) {
            out.add(Sxp.element(key, value));
        }
    }

    /** A raw config value as SXP: numbers and strings as atoms, lists as lists. */
    static Sxp value(ConfigValue v) {
        return switch (v) {
            case ConfigValue.Str s -> Sxp.atom(s.value());
            case ConfigValue.Num n -> Sxp.atom(Long.toString(n.value()));
            case ConfigValue.ListOf l -> {
                List<Sxp> items = new ArrayList<>();
                for (ConfigValue item : l.items()) {
                    items.add(value(item));
                }
                yield new SxpList(items);
            }
        };
    }

    /** An SXP value as a raw config value; atoms that are canonical integers become numbers. */
    static ConfigValue configValue(Sxp s) {
        return switch (s) {
            case SxpAtom a -> CANONICAL_LONG.matcher(a.value()).matches() && fitsLong(a.value())
                    ? new ConfigValue.Num(Long.parseLong(a.value()))
                    : new ConfigValue.Str(a.value());
            case SxpList l -> {
                List<ConfigValue> items = new ArrayList<>();
                for (Sxp item : l.items()) {
                    items.add(configValue(item));
                }
                yield new ConfigValue.ListOf(items);
            }
        };
    }

    private static boolean fitsLong(String digits) {
        try {
            Long.parseLong(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Reads a {@code (vm ...)} (or xend's {@code (domain ...)}) element into a validated
     * config. Errors carry {@code source} and the offending key.
     */
    public static ParsedConfig fromSxp(Sxp sxp, String source) throws ConfigException {
        SourcePos at = new SourcePos(source, 1, 1);
        if (!(sxp instanceof SxpList vm) || !("vm".equals(vm.name()) || "domain".equals(vm.name()))) {
            throw new ConfigException(at, null, "expected a (vm ...) element, found " + SxpPrinter.print(sxp));
        }
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        List<ConfigValue> disks = new ArrayList<>();
        List<ConfigValue> vifs = new ArrayList<>();
        Map<String, List<ConfigValue>> otherDevices = new LinkedHashMap<>();
        for (Sxp child : vm.rest()) {
            String key = child instanceof SxpList l ? l.name() : null;
            if (key == null) {
                throw new ConfigException(at, null, "expected (key value) elements inside (vm ...), found "
                        + SxpPrinter.print(child));
            }
            SxpList element = (SxpList) child;
            switch (key) {
                case "image" -> image(element, values, at);
                case "device" -> {
                    SxpList device = element.rest().size() == 1 && element.rest().getFirst() instanceof SxpList d
                            && d.name() != null ? d : null;
                    if (device == null) {
                        throw new ConfigException(at, "device", "expected (device (<class> ...)), found "
                                + SxpPrinter.print(element));
                    }
                    switch (device.name()) {
                        case "vbd", "tap", "tap2" -> disks.add(new ConfigValue.Str(diskSpec(device, at)));
                        case "vif" -> vifs.add(new ConfigValue.Str(vifSpec(device)));
                        default -> otherDevices.computeIfAbsent("device." + device.name(), k -> new ArrayList<>())
                                .add(configValue(new SxpList(device.rest())));
                    }
                }
                default -> {
                    if (values.containsKey(key)) {
                        throw new ConfigException(at, key, "expected each key once in (vm ...), found it twice");
                    }
                    values.put(key, elementValue(element));
                }
            }
        }
        if (!disks.isEmpty()) {
            values.put("disk", new ConfigValue.ListOf(disks));
        }
        if (!vifs.isEmpty()) {
            values.put("vif", new ConfigValue.ListOf(vifs));
        }
        for (Map.Entry<String, List<ConfigValue>> e : otherDevices.entrySet()) {
            values.put(e.getKey(), new ConfigValue.ListOf(e.getValue()));
        }
        return XlConfig.fromValues(source, values);
    }

    /** {@code (key v)} is the scalar v; {@code (key)} and {@code (key a b ...)} are lists. */
    private static ConfigValue elementValue(SxpList element) {
        List<Sxp> rest = element.rest();
        if (rest.size() == 1) {
            return configValue(rest.getFirst());
        }
        return configValue(new SxpList(rest));
    }

    private static void image(SxpList image, Map<String, ConfigValue> values, SourcePos at)
            throws ConfigException {
        if (image.rest().size() != 1 || !(image.rest().getFirst() instanceof SxpList builder)
                || builder.name() == null) {
            throw new ConfigException(at, "image", "expected (image (linux|hvm|pvh ...)), found "
                    + SxpPrinter.print(image));
        }
        DomainType type = switch (builder.name()) {
            case "linux" -> DomainType.PV;
            case "hvm" -> DomainType.HVM;
            case "pvh" -> DomainType.PVH;
            default -> throw new ConfigException(at, "image", "expected image builder linux, hvm or pvh, found "
                    + builder.name());
        };
        values.put("type", new ConfigValue.Str(type.configName()));
        for (Sxp child : builder.rest()) {
            if (!(child instanceof SxpList l) || l.name() == null) {
                throw new ConfigException(at, "image", "expected (key value) elements in the image, found "
                        + SxpPrinter.print(child));
            }
            String key = switch (l.name()) {
                case "args" -> "extra";
                default -> l.name();
            };
            ConfigValue v = elementValue(l);
            values.put(key, key.equals("extra") || key.equals("root") || key.equals("kernel")
                    || key.equals("ramdisk") ? asString(v) : v);
        }
    }

    /** Paths and command lines stay strings even when they look like numbers. */
    private static ConfigValue asString(ConfigValue v) {
        return v instanceof ConfigValue.Num n ? new ConfigValue.Str(Long.toString(n.value())) : v;
    }

    /** A vbd element as a keyword DISKSPEC, with {@code target=} last so it may hold commas. */
    private static String diskSpec(SxpList vbd, SourcePos at) throws ConfigException {
        String uname = vbd.childValue("uname", null);
        String dev = vbd.childValue("dev", null);
        if (uname == null || dev == null) {
            throw new ConfigException(at, "disk", "expected (uname ...) and (dev ...) in "
                    + SxpPrinter.print(vbd));
        }
        DiskSpecParser.Uname u = DiskSpecParser.parseUname(uname);
        List<String> params = new ArrayList<>();
        if (u.format() != null) {
            params.add("format=" + u.format().configName());
        }
        int colon = dev.lastIndexOf(':');
        String vdev = colon < 0 ? dev : dev.substring(0, colon);
        params.add("vdev=" + vdev);
        if (colon >= 0) {
            params.add("devtype=" + dev.substring(colon + 1));
        }
        String mode = vbd.childValue("mode", "r");
        params.add("access=" + (mode.equals("w!") ? "w" : mode));
        String script = u.script() != null ? u.script() : vbd.childValue("script", null);
        for (Sxp child : vbd.rest()) {
            if (!(child instanceof SxpList l) || l.name() == null) {
                continue;
            }
            String value = vbd.childValue(l.name(), "");
            switch (l.name()) {
                case "uname", "dev", "mode", "script" -> { }
                case "backend" -> params.add("backend=" + value);
                case "backendtype", "specification" -> params.add(l.name() + "=" + value);
                case "direct-io-safe" -> params.add(value.equals("0") ? "" : "direct-io-safe");
                case "discard" -> params.add(value.equals("0") ? "no-discard" : "discard");
                case "trusted" -> params.add(value.equals("0") ? "untrusted" : "trusted");
                case "colo" -> params.add(value.equals("0") ? "no-colo" : "colo");
                // xend's own bookkeeping fields (uuid, bootable, VDI ...) are not disk keys
                case "colo-host", "colo-port", "colo-export", "active-disk", "hidden-disk", "grant_usage",
                        "protocol" ->
                        params.add(l.name() + "=" + value);
                default -> { }
            }
        }
        if (script != null) {
            params.add("script=" + script);
        }
        params.removeIf(String::isEmpty);
        params.add("target=" + u.target());
        return String.join(", ", params);
    }

    /** A vif element as a VIFSPEC. */
    private static String vifSpec(SxpList vif) {
        List<String> params = new ArrayList<>();
        for (Sxp child : vif.rest()) {
            if (child instanceof SxpList l && l.name() != null) {
                params.add(l.name() + "=" + vif.childValue(l.name(), ""));
            }
        }
        return String.join(",", params);
    }
}
