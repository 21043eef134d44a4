package org.paravane.core.blkback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paravane.api.abi.Blkif;
import org.paravane.api.abi.Vdisk;
import org.paravane.core.xenbus.BackendDevice;
import org.paravane.core.xenbus.XenbusDeviceException;

/**
 * The vbd's part of the xenbus handshake (facts §5.3-5.4): what blkback publishes with
 * InitWait and with Connected, which frontend keys it reads, and their validation. The keys
 * are guest-written: every one is parsed strictly and a bad one refuses the connection with
 * a message naming the key.
 */
final class VbdXenbusDevice implements BackendDevice {

    /** Protocol strings with the LP64 layout of docs/abi.md §11 ("riscv64-abi" is Paravane's). */
    static final Set<String> LP64_PROTOCOLS = Set.of(Blkif.PROTOCOL_RISCV64, "x86_64-abi", "arm-abi");

    private final VbdDevice device;
    private final BlkbackConfig config;
    private final Runnable onRemoved;

    VbdXenbusDevice(VbdDevice device, BlkbackConfig config, Runnable onRemoved) {
        this.device = device;
        this.config = config;
        this.onRemoved = onRemoved;
    }

    @Override
    public Map<String, String> features() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("feature-max-indirect-segments", Integer.toString(config.maxIndirectSegments()));
        f.put("max-ring-page-order", Integer.toString(config.maxRingPageOrder()));
        f.put("max-ring-pages", Integer.toString(1 << config.maxRingPageOrder()));
        return f;
    }

    @Override
    public List<String> frontendKeys() {
        List<String> keys = new ArrayList<>(List.of("ring-ref", "ring-page-order", "num-ring-pages", "event-channel",
                "protocol", "feature-persistent", "multi-queue-num-queues"));
        for (int i = 0; i < (1 << config.maxRingPageOrder()); i++) {
            keys.add("ring-ref" + i);
        }
        return keys;
    }

    @Override
    public Map<String, String> connect(Map<String, String> fe) throws XenbusDeviceException {
        String protocol = fe.getOrDefault("protocol", Blkif.PROTOCOL_RISCV64);
        if (!LP64_PROTOCOLS.contains(protocol)) {
            throw new XenbusDeviceException("protocol '" + printable(protocol) + "' is not supported (use "
                    + Blkif.PROTOCOL_RISCV64 + ")");
        }
        String queues = fe.get("multi-queue-num-queues");
        if (queues != null && !"1".equals(queues)) {
            throw new XenbusDeviceException("multi-queue-num-queues '" + printable(queues) + "': one queue only");
        }
        int order = 0;
        if (fe.containsKey("ring-page-order")) {
            order = (int) number(fe, "ring-page-order", config.maxRingPageOrder());
        } else if (fe.containsKey("num-ring-pages")) {
            long pages = number(fe, "num-ring-pages", 1L << config.maxRingPageOrder());
            if (pages < 1 || Long.bitCount(pages) != 1) {
                throw new XenbusDeviceException("num-ring-pages " + pages + " is not a power of two");
            }
            order = Long.numberOfTrailingZeros(pages);
        }
        List<Integer> refs = new ArrayList<>();
        if (order == 0 && fe.containsKey("ring-ref")) {
            refs.add((int) number(fe, "ring-ref", 0xFFFF_FFFFL));
        } else {
            for (int i = 0; i < (1 << order); i++) {
                if (!fe.containsKey("ring-ref" + i)) {
                    throw new XenbusDeviceException("ring-ref" + i + " is missing (ring-page-order " + order + ")");
                }
                refs.add((int) number(fe, "ring-ref" + i, 0xFFFF_FFFFL));
            }
        }
        if (!fe.containsKey("event-channel")) {
            throw new XenbusDeviceException("event-channel is missing");
        }
        int port = (int) number(fe, "event-channel", 0xFFFF_FFFFL);
        try {
            device.connectRing(refs, port);
        } catch (Exception e) {
            throw new XenbusDeviceException("connect failed: " + e.getMessage(), e);
        }
        return properties();
    }

    /** The properties published with Connected (§5.3 "Backend features and device properties"). */
    Map<String, String> properties() {
        DiskGeometry g = device.geometry();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sectors", Long.toString(g.sectors()));
        p.put("info", Integer.toString(g.readOnly() ? Vdisk.READONLY : 0));
        p.put("sector-size", Integer.toString(g.sectorSize()));
        p.put("physical-sector-size", Integer.toString(g.sectorSize()));
        p.put("feature-flush-cache", g.flush() ? "1" : "0");
        p.put("feature-barrier", g.barrier() ? "1" : "0");
        p.put("feature-discard", g.discard() ? "1" : "0");
        p.put("feature-persistent", "0");
        if (g.discard()) {
            p.put("discard-granularity", Integer.toString(g.sectorSize()));
            p.put("discard-alignment", "0");
            p.put("discard-secure", "0");
        }
        return p;
    }

    @Override
    public void disconnect() {
        device.disconnectRing();
    }

    @Override
    public void removed() {
        onRemoved.run();
    }

    /** A decimal number in {@code 0..max}. */
    private static long number(Map<String, String> fe, String key, long max) throws XenbusDeviceException {
        String v = fe.get(key);
        if (v == null || v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new XenbusDeviceException(key + " '" + printable(v) + "' is not a decimal number");
        }
        long n = Long.parseLong(v);
        if (n > max) {
            throw new XenbusDeviceException(key + " " + n + " is above the maximum " + max);
        }
        return n;
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 32; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }
}
