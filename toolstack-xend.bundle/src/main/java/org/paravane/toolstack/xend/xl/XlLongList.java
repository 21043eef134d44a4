package org.paravane.toolstack.xend.xl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paravane.api.builder.LifecyclePolicy;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.domain.DomainInfo;

/**
 * {@code xl list -l}: one JSON object per domain, in an array, as xl prints. xl dumps
 * libxl's domain_config; here each object holds the domain's state (what {@code xl list}
 * shows, plus uuid, memory figures and start time) and, for domains created from a config
 * file, that config and the lifecycle actions the daemon applies.
 */
public final class XlLongList {

    /** What is known about one domain. */
    public record Entry(DomainInfo info, Long startMillis, DomainConfig config, String configFile,
            LifecyclePolicy lifecycle) {
    }

    private XlLongList() {
    }

    /** The JSON array for {@code entries}. */
    public static String json(List<Entry> entries) {
        List<Object> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(object(e));
        }
        return XlJson.write(out);
    }

    static Map<String, Object> object(Entry e) {
        DomainInfo d = e.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domid", d.domid());
        m.put("name", d.name());
        m.put("uuid", d.uuid() == null ? null : d.uuid().toString());
        m.put("state", XlListFormat.state(d));
        m.put("shutdown_reason", d.shutdownReason() == null ? null
                : d.shutdownReason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("memory_kb", d.memoryKiB());
        m.put("max_memory_kb", d.maxMemoryKiB());
        m.put("target_kb", d.targetKiB());
        m.put("vcpus", d.vcpus());
        m.put("cpu_time", d.cpuTimeNanos() / 1e9);
        m.put("start_time", e.startMillis() == null ? null : e.startMillis() / 1000);
        if (e.lifecycle() != null) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("on_poweroff", e.lifecycle().onPoweroff().configName());
            l.put("on_reboot", e.lifecycle().onReboot().configName());
            l.put("on_crash", e.lifecycle().onCrash().configName());
            m.put("lifecycle", l);
        }
        m.put("config", e.config() == null ? null : config(e.config(), e.configFile()));
        return m;
    }

    private static Map<String, Object> config(DomainConfig c, String file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config_file", file);
        m.put("name", c.name());
        m.put("uuid", c.uuid() == null ? null : c.uuid().toString());
        m.put("type", c.type().name().toLowerCase(Locale.ROOT));
        m.put("memory", c.memoryMiB());
        m.put("maxmem", c.maxmemMiB());
        m.put("vcpus", c.vcpus());
        m.put("maxvcpus", c.maxvcpus());
        m.put("kernel", c.kernel());
        m.put("ramdisk", c.ramdisk());
        m.put("cmdline", c.cmdline());
        m.put("on_poweroff", c.onPoweroff().configName());
        m.put("on_reboot", c.onReboot().configName());
        m.put("on_crash", c.onCrash().configName());
        m.put("disk", c.disks().stream().map(Object::toString).toList());
        m.put("vif", c.vifs().stream().map(Object::toString).toList());
        return m;
    }
}
