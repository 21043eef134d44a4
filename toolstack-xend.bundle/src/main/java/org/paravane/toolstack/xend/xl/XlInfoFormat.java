package org.paravane.toolstack.xend.xl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.paravane.api.domain.HostInfo;

/**
 * {@code xl info}: {@code key : value} lines with the key padded to 23 characters
 * (toolstack-facts.md B.1). Only the keys that mean something here are printed; NUMA and
 * CPU-model keys (nr_nodes, cpu_mhz, hw_caps, ...) have no counterpart in a JVM host.
 */
public final class XlInfoFormat {

    /** The config format version xend reported; xl keeps printing 4. */
    static final int XEND_CONFIG_FORMAT = 4;

    private XlInfoFormat() {
    }

    /** The key/value pairs in xl's order. */
    public static Map<String, String> pairs(HostInfo h) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", h.host());
        m.put("release", h.release());
        m.put("version", h.version());
        m.put("machine", h.machine());
        m.put("nr_cpus", Integer.toString(h.nrCpus()));
        m.put("max_cpu_id", Integer.toString(h.nrCpus() - 1));
        m.put("nr_nodes", "1");
        m.put("threads_per_core", "1");
        m.put("total_memory", Long.toString(h.totalMemoryMiB()));
        m.put("free_memory", Long.toString(h.freeMemoryMiB()));
        m.put("nr_domains", Integer.toString(h.domains()));
        m.put("xen_major", Integer.toString(h.xenMajor()));
        m.put("xen_minor", Integer.toString(h.xenMinor()));
        m.put("xen_extra", h.xenExtra());
        m.put("xen_version", h.xenMajor() + "." + h.xenMinor() + h.xenExtra());
        m.put("xen_caps", h.xenCaps());
        m.put("xen_scheduler", h.xenScheduler());
        m.put("xen_pagesize", Integer.toString(h.xenPagesize()));
        m.put("xen_changeset", "paravane");
        m.put("xen_commandline", "");
        m.put("xend_config_format", Integer.toString(XEND_CONFIG_FORMAT));
        return m;
    }

    /** The lines, each ended by a newline. */
    public static String text(HostInfo h) {
        StringBuilder b = new StringBuilder();
        pairs(h).forEach((k, v) -> b.append(String.format(Locale.ROOT, "%-23s: %s", k, v)).append('\n'));
        return b.toString();
    }
}
