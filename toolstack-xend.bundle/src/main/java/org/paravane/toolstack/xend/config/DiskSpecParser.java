package org.paravane.toolstack.xend.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;

/**
 * Parses one DISKSPEC (xl-disk-configuration(5)), both the current syntax and the
 * deprecated xm/xend/xl-4.1 one.
 *
 * <p>The string is read left to right as comma-separated parameters:
 * <ul>
 * <li>{@code target=} takes the whole rest of the string (commas and colons included, one
 *     trailing comma dropped), so it must come last;</li>
 * <li>{@code key=value} sets a keyword, a bare flag ({@code cdrom}, {@code discard} ...)
 *     sets a flag;</li>
 * <li>a deprecated prefix at the start of a parameter ({@code raw: qcow: qcow2: vhd: qed:}
 *     set the format, {@code iscsi: nbd: enbd: drbd:} set {@code script=block-<x>},
 *     {@code phy: file: tap: tap2: tapdisk: aio: ioemu:} are ignored) is consumed and the
 *     rest of the parameter is read again, so prefixes stack ({@code tap:aio:/img});</li>
 * <li>anything else is positional: target, format, vdev, access. After a deprecated
 *     prefix the format slot is skipped (as in {@code raw:/dev/vg/x,hda,w}); a vdev may
 *     carry {@code :cdrom} or {@code :disk}. In that deprecated form two more
 *     positionals are taken, as xm did: backend domain and protocol.</li>
 * </ul>
 * Setting a value twice with different contents is an error, as in xl.
 */
public final class DiskSpecParser {

    private static final Set<String> FORMAT_PREFIXES = Set.of("raw", "qcow", "qcow2", "vhd", "qed");
    private static final Set<String> SCRIPT_PREFIXES = Set.of("iscsi", "nbd", "enbd", "drbd");
    private static final Set<String> IGNORED_PREFIXES =
            Set.of("phy", "file", "tap", "tap2", "tapdisk", "aio", "ioemu");
    private static final Set<String> COLO_KEYS =
            Set.of("colo-host", "colo-port", "colo-export", "active-disk", "hidden-disk");

    private final String spec;
    private String target;
    private DiskFormat format;
    private String vdev;
    private DiskAccess access;
    private DiskDeviceType devtype;
    private DiskBackendType backendType;
    private String backendDomain;
    private String script;
    private DiskSpecification specification;
    private boolean directIoSafe;
    private boolean discard = true;
    private boolean trusted = true;
    private boolean hadPrefix;
    /** The access slot was filled, possibly with "" (which means: the default). */
    private boolean accessGiven;
    private boolean xmBackendGiven;
    private final Map<String, String> other = new LinkedHashMap<>();

    /** A legacy xend {@code uname} split into what its prefixes say and the target. */
    public record Uname(DiskFormat format, String script, String target) {
    }

    /**
     * Splits a xend vbd {@code uname} such as {@code phy:/dev/sda1}, {@code tap:aio:/img}
     * or {@code iscsi:iqn...} into format (from {@code raw: qcow: qcow2: vhd: qed:}, or
     * {@code null}), script (from {@code iscsi: nbd: enbd: drbd:}, or {@code null}) and the
     * remaining target. Unknown prefixes stay part of the target.
     */
    public static Uname parseUname(String uname) {
        DiskFormat format = null;
        String script = null;
        String rest = uname;
        while (true) {
            int colon = rest.indexOf(':');
            String name = colon < 0 ? "" : rest.substring(0, colon);
            if (FORMAT_PREFIXES.contains(name) && format == null) {
                format = DiskFormat.fromConfigName(name);
            } else if (SCRIPT_PREFIXES.contains(name) && script == null) {
                script = "block-" + name;
            } else if (!IGNORED_PREFIXES.contains(name)) {
                return new Uname(format, script, rest);
            }
            rest = rest.substring(colon + 1);
        }
    }

    /**
     * The xend {@code uname} for a disk: the inverse of {@link #parseUname} for the
     * format, script and target of {@code disk}. Raw disks get {@code phy:} for
     * {@code /dev/} paths and {@code file:} otherwise; image formats get {@code tap:<fmt>:}
     * as blktap named them.
     */
    public static String uname(DiskSpec disk) {
        StringBuilder out = new StringBuilder();
        String script = disk.script();
        if (script != null && script.startsWith("block-")
                && SCRIPT_PREFIXES.contains(script.substring("block-".length()))) {
            out.append(script.substring("block-".length())).append(':');
        }
        switch (disk.format()) {
            case EMPTY -> { }
            case RAW -> {
                if (out.isEmpty()) {
                    out.append(disk.target().startsWith("/dev/") ? "phy:" : "file:");
                }
            }
            default -> out.append(out.isEmpty() ? "tap:" : "").append(disk.format().configName()).append(':');
        }
        return out.append(disk.target()).toString();
    }

    /** True when {@link #uname} already carries {@code script} as a prefix. */
    public static boolean scriptInUname(String script) {
        return script != null && script.startsWith("block-")
                && SCRIPT_PREFIXES.contains(script.substring("block-".length()));
    }

    private DiskSpecParser(String spec) {
        this.spec = spec;
    }

    /**
     * Parses one DISKSPEC.
     *
     * @throws SpecException naming the parameter that is wrong and what was expected
     */
    public static DiskSpec parse(String spec) throws SpecException {
        return new DiskSpecParser(spec).run();
    }

    private DiskSpec run() throws SpecException {
        int i = 0;
        int n = spec.length();
        while (i < n) {
            while (i < n && (spec.charAt(i) == ' ' || spec.charAt(i) == '\t' || spec.charAt(i) == '\n')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (spec.startsWith("target=", i)) {
                String rest = spec.substring(i + "target=".length());
                setTarget(rest.endsWith(",") ? rest.substring(0, rest.length() - 1) : rest);
                break;
            }
            int prefixEnd = prefixEnd(i);
            if (prefixEnd > 0) {
                prefix(spec.substring(i, prefixEnd - 1));
                i = prefixEnd;
                continue;
            }
            int comma = spec.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            parameter(spec.substring(i, end));
            i = comma < 0 ? n : comma + 1;
            if (comma >= 0 && i == n) {
                // a trailing comma after the last parameter ends the spec, like xl's ",?"
                break;
            }
        }
        return finish();
    }

    /**
     * When a deprecated {@code name:} prefix starts at {@code i}, the index after its
     * colon; otherwise 0. A {@code vdev:cdrom} parameter is not a prefix: like xl, only a
     * colon followed by a non-alphanumeric character (or the end) can end an unknown prefix.
     */
    private int prefixEnd(int i) throws SpecException {
        int j = i;
        while (j < spec.length() && isLowerAlnum(spec.charAt(j))) {
            j++;
        }
        if (j == i || j >= spec.length() || spec.charAt(j) != ':' || !isLower(spec.charAt(i))) {
            return 0;
        }
        String name = spec.substring(i, j);
        if (FORMAT_PREFIXES.contains(name) || SCRIPT_PREFIXES.contains(name)
                || IGNORED_PREFIXES.contains(name)) {
            return j + 1;
        }
        boolean followedByName = j + 1 < spec.length() && isLowerAlnum(spec.charAt(j + 1));
        if (!followedByName) {
            throw new SpecException("unknown deprecated disk prefix '" + name
                    + ":': expected one of raw: qcow: qcow2: vhd: qed: iscsi: nbd: enbd: drbd: "
                    + "phy: file: tap: tap2: tapdisk: aio: ioemu:");
        }
        return 0;
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isLowerAlnum(char c) {
        return isLower(c) || (c >= '0' && c <= '9');
    }

    private void prefix(String name) throws SpecException {
        hadPrefix = true;
        if (FORMAT_PREFIXES.contains(name)) {
            setFormat(name);
        } else if (SCRIPT_PREFIXES.contains(name)) {
            setScript("block-" + name);
        }
        // phy:, file:, tap: ... only named the xend backend; xl ignores them
    }

    private void parameter(String param) throws SpecException {
        int eq = param.indexOf('=');
        if (eq >= 0) {
            keyword(param.substring(0, eq), param.substring(eq + 1));
            return;
        }
        switch (param) {
            case "cdrom" -> setDevtype(DiskDeviceType.CDROM);
            case "direct-io-safe" -> directIoSafe = true;
            case "discard" -> discard = true;
            case "no-discard" -> discard = false;
            case "trusted" -> trusted = true;
            case "untrusted" -> trusted = false;
            case "colo" -> other.put("colo", "1");
            case "no-colo" -> other.put("colo", "0");
            default -> positional(param);
        }
    }

    private void keyword(String key, String value) throws SpecException {
        switch (key) {
            case "format" -> setFormat(value);
            case "vdev" -> setVdev(value);
            case "access" -> setAccess(value);
            case "devtype" -> {
                switch (value) {
                    case "cdrom" -> setDevtype(DiskDeviceType.CDROM);
                    case "disk" -> setDevtype(DiskDeviceType.DISK);
                    default -> throw new SpecException("unknown value for devtype '" + value
                            + "': expected cdrom or disk");
                }
            }
            case "backend" -> {
                requireUnset("backend", backendDomain, value);
                backendDomain = value;
            }
            case "backendtype" -> {
                DiskBackendType t = DiskBackendType.fromConfigName(value);
                if (t == null) {
                    throw new SpecException("unknown value for backendtype '" + value
                            + "': expected phy, qdisk, standalone or tap");
                }
                if (backendType != null && backendType != t) {
                    throw new SpecException("backendtype respecified: '" + value + "'");
                }
                backendType = t;
            }
            case "specification" -> {
                DiskSpecification s = switch (value) {
                    case "xen" -> DiskSpecification.XEN;
                    case "virtio" -> DiskSpecification.VIRTIO;
                    default -> throw new SpecException("unknown value for specification '" + value
                            + "': expected xen or virtio");
                };
                if (specification != null && specification != s) {
                    throw new SpecException("specification respecified: '" + value + "'");
                }
                specification = s;
            }
            case "script" -> setScript(value);
            case "protocol" -> {
                // not an xl keyword: xend's vbd (protocol ...), accepted so SXP round-trips
                requireUnset("protocol", other.get("protocol"), value);
                other.put("protocol", value);
            }
            case "grant_usage" -> {
                if (!value.equals("0") && !value.equals("1")) {
                    throw new SpecException("unknown value for grant_usage '" + value
                            + "': expected 0 or 1");
                }
                other.put("grant_usage", value);
            }
            default -> {
                if (!COLO_KEYS.contains(key)) {
                    throw new SpecException("unknown parameter '" + key + "=" + value
                            + "': expected target, format, vdev, access, devtype, backend, "
                            + "backendtype, script, specification or a flag");
                }
                if (key.equals("colo-port") && !isPort(value)) {
                    throw new SpecException("unknown value for colo-port '" + value
                            + "': expected a port number 1-65535");
                }
                requireUnset(key, other.get(key), value);
                other.put(key, value);
            }
        }
    }

    private static boolean isPort(String value) {
        Long port = ConfigLexer.parseInteger(value);
        return port != null && port > 0 && port <= 65535;
    }

    private void positional(String param) throws SpecException {
        if (target == null) {
            setTarget(param);
        } else if (!hadPrefix && format == null) {
            if (target.isEmpty() && vdevWithType(param)) {
                // the old empty-cdrom form ",hdc:cdrom,r" has no format slot
                format = DiskFormat.EMPTY;
            } else {
                setFormat(param);
            }
        } else if (vdev == null) {
            if (!vdevWithType(param)) {
                setVdev(param);
            }
        } else if (!accessGiven) {
            setAccess(param);
        } else if (hadPrefix && !xmBackendGiven) {
            // xm's uname,dev,mode,backend[,protocol] (create.py in Xen 4.0)
            xmBackendGiven = true;
            if (!param.isEmpty()) {
                requireUnset("backend", backendDomain, param);
                backendDomain = param;
            }
        } else if (hadPrefix && !other.containsKey("protocol")) {
            other.put("protocol", param);
        } else {
            throw new SpecException("too many positional parameters at '" + param
                    + "': expected at most target, format, vdev, access");
        }
    }

    /** Handles the deprecated {@code vdev:devtype} form; false when there is no colon. */
    private boolean vdevWithType(String param) throws SpecException {
        int colon = param.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        setVdev(param.substring(0, colon));
        String type = param.substring(colon + 1);
        switch (type) {
            case "cdrom" -> setDevtype(DiskDeviceType.CDROM);
            case "disk" -> setDevtype(DiskDeviceType.DISK);
            default -> throw new SpecException("unknown deprecated type '" + type
                    + "' after the vdev: expected cdrom or disk");
        }
        return true;
    }

    private void requireUnset(String what, String current, String value) throws SpecException {
        // xl does not complain about overwriting an empty string
        if (current != null && !current.isEmpty() && !current.equals(value)) {
            throw new SpecException(what + " respecified: '" + value + "' after '" + current + "'");
        }
    }

    private void setTarget(String value) throws SpecException {
        requireUnset("target", target, value);
        target = value;
    }

    private void setVdev(String value) throws SpecException {
        requireUnset("vdev", vdev, value);
        vdev = value;
    }

    private void setScript(String value) throws SpecException {
        requireUnset("script", script, value);
        script = value;
    }

    private void setFormat(String value) throws SpecException {
        DiskFormat f = value.isEmpty() ? DiskFormat.RAW : DiskFormat.fromConfigName(value);
        if (f == null) {
            throw new SpecException("unknown value for format '" + value
                    + "': expected raw, qcow, qcow2, vhd, qed or empty");
        }
        if (format != null && format != f) {
            throw new SpecException("format respecified: '" + value + "' after '"
                    + format.configName() + "'");
        }
        format = f;
    }

    private void setAccess(String value) throws SpecException {
        accessGiven = true;
        if (value.isEmpty()) {
            // an empty value takes the default, which depends on devtype (decided in finish)
            return;
        }
        DiskAccess a = DiskAccess.fromConfigName(value);
        if (a == null) {
            throw new SpecException("unknown value for access '" + value + "': expected r, ro, w or rw");
        }
        access = a;
    }

    private void setDevtype(DiskDeviceType t) {
        devtype = t;
    }

    private DiskSpec finish() throws SpecException {
        if (vdev == null || vdev.isEmpty()) {
            throw new SpecException("missing vdev in disk spec '" + spec
                    + "': expected e.g. 'target,raw,xvda,rw' or 'vdev=xvda, target=...'");
        }
        int number = VirtualDevice.number(vdev);
        DiskDeviceType type = devtype == null ? DiskDeviceType.DISK : devtype;
        String t = target == null ? "" : target;
        if (t.isEmpty() && type != DiskDeviceType.CDROM) {
            throw new SpecException("missing target in disk spec '" + spec
                    + "': only a cdrom may be empty");
        }
        DiskFormat f = format == null ? DiskFormat.RAW : format;
        if (t.isEmpty()) {
            f = DiskFormat.EMPTY;
        } else if (f == DiskFormat.EMPTY) {
            throw new SpecException("format empty with target '" + t + "': expected no target");
        }
        DiskAccess a = access != null ? access
                : type == DiskDeviceType.CDROM ? DiskAccess.READ_ONLY : DiskAccess.READ_WRITE;
        DiskBackendType bt = backendType == null ? DiskBackendType.AUTO : backendType;
        if ((bt == DiskBackendType.PHY || bt == DiskBackendType.STANDALONE)
                && f != DiskFormat.RAW && f != DiskFormat.EMPTY) {
            throw new SpecException("backendtype " + bt.configName() + " supports only format raw, not "
                    + f.configName());
        }
        return new DiskSpec(t, f, vdev, number, a, type, bt, backendDomain, script,
                specification == null ? DiskSpecification.XEN : specification,
                directIoSafe, discard, trusted, other);
    }
}
