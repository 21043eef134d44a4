package org.paravane.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed VIFSPEC of a {@code vif = [...]} list (xl-network-configuration(5)). Fields the
 * spec leaves out are {@code null}; the toolstack applies defaults (random MAC in the Xen
 * OUI 00:16:3e, bridge {@code xenbr0}, script {@code vif-bridge}) when it builds the device.
 *
 * @param devid     the device id: the index in the list unless {@code devid=} says otherwise
 * @param mac       {@code xx:xx:xx:xx:xx:xx} in lowercase, or {@code null}
 * @param bridge    the bridge to plug into, or {@code null}
 * @param ip        the IP address(es) for the hotplug script, or {@code null}
 * @param model     the emulated NIC model, or {@code null}
 * @param type      {@code ioemu} or {@code vif}, or {@code null}
 * @param vifname   the backend interface name, or {@code null}
 * @param script    the hotplug script, or {@code null}
 * @param rate      the rate limit, or {@code null}
 * @param backend   the backend domain name, or {@code null} for dom0
 * @param gatewaydev the gateway device for vif-route (alias {@code netdev}), or {@code null}
 * @param mtu       the MTU, or {@code null}
 * @param otherKeys further keys kept verbatim ({@code vlan}, {@code accel}, {@code trusted} ...)
 */
public record VifSpec(
        int devid,
        String mac,
        String bridge,
        String ip,
        String model,
        VifType type,
        String vifname,
        String script,
        VifRate rate,
        String backend,
        String gatewaydev,
        Integer mtu,
        Map<String, String> otherKeys) {

    /** Checks and freezes. */
    public VifSpec {
        if (devid < 0) {
            throw new IllegalArgumentException("devid must be >= 0: " + devid);
        }
        // insertion order is kept so printers (SXP, xenstore) are deterministic
        otherKeys = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(otherKeys, Map.of())));
    }
}
