package org.paravane.toolstack.xend.xmlrpc;

import java.util.ArrayList;
import java.util.List;
import org.paravane.api.abi.Platform;
import org.paravane.api.domain.DomainInfo;

/**
 * The {@code (node ...)} list {@code xend.node.info} returns, with xend's keys
 * (toolstack-facts.md B.1). The host is this JVM's machine; Xen's own fields describe the
 * Paravane hypervisor (version {@link Platform#VERSION_MAJOR}.{@link Platform#VERSION_MINOR},
 * RISC-V guests). Figures Paravane does not have (CPU MHz, compiler) are 0 or empty.
 *
 * @param hostName       the host name
 * @param osName         the operating system (xend's {@code system})
 * @param osRelease      the kernel release
 * @param arch           the machine architecture
 * @param cpus           host CPUs the daemon may use
 * @param hostMemoryKiB  host physical memory in KiB (0 when unknown)
 */
public record XendNodeInfo(String hostName, String osName, String osRelease, String arch, int cpus,
        long hostMemoryKiB) {

    /** xend's {@code xend_config_format} of Xen 4.0. */
    public static final int XEND_CONFIG_FORMAT = 4;

    /** The node list, with free memory being the host memory not held by live domUs. */
    public List<Object> toWire(List<DomainInfo> domains) {
        long usedKiB = domains.stream().filter(d -> !d.privileged()).mapToLong(DomainInfo::memoryKiB).sum();
        int totalMiB = (int) Math.min(Integer.MAX_VALUE, hostMemoryKiB / 1024);
        int freeMiB = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (hostMemoryKiB - usedKiB) / 1024));
        List<Object> n = new ArrayList<>();
        n.add("node");
        add(n, "host", hostName);
        add(n, "release", osRelease);
        add(n, "version", "");
        add(n, "machine", arch);
        add(n, "system", osName);
        add(n, "nr_cpus", cpus);
        add(n, "nr_nodes", 1);
        add(n, "cores_per_socket", cpus);
        add(n, "threads_per_core", 1);
        add(n, "cpu_mhz", 0);
        add(n, "hw_caps", "");
        add(n, "virt_caps", "");
        add(n, "total_memory", totalMiB);
        add(n, "free_memory", freeMiB);
        add(n, "node_to_cpu", "node0:0" + (cpus > 1 ? "-" + (cpus - 1) : ""));
        add(n, "node_to_memory", "node0:" + freeMiB);
        add(n, "max_node_id", 0);
        add(n, "xen_major", Platform.VERSION_MAJOR);
        add(n, "xen_minor", Platform.VERSION_MINOR);
        add(n, "xen_extra", ".0-paravane");
        add(n, "xen_caps", "xen-3.0-riscv64");
        add(n, "xen_scheduler", "credit");
        add(n, "xen_pagesize", Platform.PAGE_SIZE);
        add(n, "platform_params", "");
        add(n, "xen_changeset", "");
        add(n, "xen_commandline", "");
        add(n, "cc_compiler", "");
        add(n, "cc_compile_by", "");
        add(n, "cc_compile_domain", "");
        add(n, "cc_compile_date", "");
        add(n, "xend_config_format", XEND_CONFIG_FORMAT);
        return n;
    }

    private static void add(List<Object> n, String key, Object value) {
        List<Object> f = new ArrayList<>(2);
        f.add(key);
        f.add(value);
        n.add(f);
    }
}
