package org.paravane.toolstack.xend.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paravane.api.config.VifRate;
import org.paravane.api.config.VifSpec;
import org.paravane.api.config.VifType;

/**
 * Parses one VIFSPEC (xl-network-configuration(5)): comma-separated {@code key=value}
 * pairs, all optional; {@code ''} is a default NIC. Whitespace around a pair is ignored.
 * Unknown keys become warnings, as the brief for this toolstack asks; a key given twice
 * or a value of the wrong form is an error.
 */
public final class VifSpecParser {

    /** Keys kept verbatim in {@link VifSpec#otherKeys()} (xl's and xm 4.0's). */
    private static final Set<String> OTHER_KEYS =
            Set.of("vlan", "accel", "policy", "label", "trusted", "forwarddev", "powerlimit");

    private VifSpecParser() {
    }

    /** A parsed spec and the warnings found on the way. */
    public record Result(VifSpec spec, List<String> warnings) {
    }

    /**
     * @param spec    the VIFSPEC
     * @param index   its position in the {@code vif} list: the default devid
     * @throws SpecException naming the key and what was expected
     */
    public static Result parse(String spec, int index) throws SpecException {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String key;
            String value;
            if (eq < 0) {
                if (item.equals("trusted") || item.equals("untrusted")) {
                    key = "trusted";
                    value = item.equals("trusted") ? "1" : "0";
                } else {
                    throw new SpecException("invalid vif parameter '" + item + "': expected key=value");
                }
            } else {
                key = item.substring(0, eq).strip();
                value = item.substring(eq + 1).strip();
            }
            if (key.equals("netdev")) {
                // deprecated alias of gatewaydev
                key = "gatewaydev";
            }
            if (pairs.containsKey(key)) {
                throw new SpecException("vif key '" + key + "' respecified in '" + spec + "'");
            }
            pairs.put(key, value);
        }
        int devid = index;
        String mac = null;
        VifType type = null;
        VifRate rate = null;
        Integer mtu = null;
        Map<String, String> other = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "mac" -> mac = MacAddress.normalize(value);
                case "type" -> {
                    type = VifType.fromConfigName(value);
                    if (type == null) {
                        throw new SpecException("invalid vif type '" + value + "': expected ioemu or vif");
                    }
                }
                case "rate" -> rate = VifRateParser.parse(value);
                case "mtu" -> mtu = (int) integer(key, value, 68, 65535);
                case "devid" -> devid = (int) integer(key, value, 0, 65535);
                case "bridge", "ip", "model", "vifname", "script", "backend", "gatewaydev" -> {
                    if (value.isEmpty()) {
                        throw new SpecException("empty value for vif key '" + key + "'");
                    }
                }
                default -> {
                    if (!OTHER_KEYS.contains(key)) {
                        warnings.add("unknown vif key '" + key + "' (kept, not used)");
                    }
                    other.put(key, value);
                }
            }
        }
        VifSpec result = new VifSpec(devid, mac, pairs.get("bridge"), pairs.get("ip"),
                pairs.get("model"), type, pairs.get("vifname"), pairs.get("script"), rate,
                pairs.get("backend"), pairs.get("gatewaydev"), mtu, other);
        return new Result(result, List.copyOf(warnings));
    }

    private static long integer(String key, String value, long min, long max) throws SpecException {
        Long n = value.chars().allMatch(c -> c >= '0' && c <= '9') && !value.isEmpty() && value.length() < 12
                ? Long.parseLong(value) : null;
        if (n == null || n < min || n > max) {
            throw new SpecException("invalid vif " + key + " '" + value + "': expected a decimal number "
                    + min + "-" + max);
        }
        return n;
    }
}
