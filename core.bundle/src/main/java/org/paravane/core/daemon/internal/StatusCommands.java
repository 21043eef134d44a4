package org.paravane.core.daemon.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.host.HostEnvironment;
import org.paravane.core.daemon.BundleStates;

/**
 * Gogo commands {@code hv:status} (a summary of the daemon: bundles, services, domains)
 * and {@code hv:domains} (the domain table in xl list's columns).
 */
@Component(service = StatusCommands.class, property = {
    "osgi.command.scope=hv",
    "osgi.command.function=status",
    "osgi.command.function=domains"
})
public final class StatusCommands {

    private final BundleContext context;
    private final HostEnvironment host;
    private final DomainControl domainControl;
    private final ServiceComponentRuntime scr;

    @Activate
    public StatusCommands(BundleContext context, @Reference HostEnvironment host,
            @Reference DomainControl domainControl, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.host = host;
        this.domainControl = domainControl;
        this.scr = scr;
    }

    /** A short readable summary of the running daemon. */
    public String status() throws InvalidSyntaxException {
        StringBuilder sb = new StringBuilder();
        sb.append("Paravane daemon, process ").append(ProcessHandle.current().pid())
          .append(", state ").append(host.stateDirectory()).append('\n');
        sb.append("hot-deploy folder: ").append(host.deployDirectory()).append('\n');
        Bundle[] bundles = context.getBundles();
        long active = Arrays.stream(bundles).filter(b -> b.getState() == Bundle.ACTIVE).count();
        sb.append(String.format(Locale.ROOT, "bundles: %d (%d active)%n", bundles.length, active));
        for (Bundle b : bundles) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.paravane.")) {
                sb.append(String.format(Locale.ROOT, "  %-28s %-22s %s%n", b.getSymbolicName(), b.getVersion(),
                        BundleStates.name(b.getState())));
            }
        }
        int services = context.getAllServiceReferences(null, null).length;
        ComponentHealth health = ComponentHealth.of(scr);
        sb.append(String.format(Locale.ROOT, "services: %d; DS components: %d/%d satisfied%s%n", services,
                health.satisfied(), health.total(),
                health.unsatisfied().isEmpty() ? "" : " (unsatisfied: " + health.unsatisfied() + ")"));
        sb.append("domains:\n").append(domains());
        return sb.toString();
    }

    /** The domain table with xl list's columns. */
    public String domains() {
        return formatDomains(domainControl.list());
    }

    static String formatDomains(List<DomainInfo> list) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-32s %5s %5s %5s %-6s %9s%n",
                "Name", "ID", "Mem", "VCPUs", "State", "Time(s)"));
        for (DomainInfo d : list) {
            sb.append(String.format(Locale.ROOT, "%-32s %5d %5d %5d %-6s %9.1f%n", d.name(), d.domid(),
                    d.memoryKiB() / 1024, d.vcpus(), stateFlags(d), d.cpuTimeNanos() / 1e9));
        }
        return sb.toString();
    }

    /** xl's six state flags: r(unning) b(locked) p(aused) s(hutdown) c(rashed) d(ying). */
    static String stateFlags(DomainInfo d) {
        char[] f = "------".toCharArray();
        switch (d.state()) {
            case RUNNING -> f[0] = 'r';
            case BLOCKED -> f[1] = 'b';
            case PAUSED -> f[2] = 'p';
            case SHUTDOWN -> {
                f[3] = 's';
                if (d.shutdownReason() == ShutdownReason.CRASH) {
                    f[4] = 'c';
                }
            }
            case DYING, DEAD -> f[5] = 'd';
        }
        return new String(f);
    }
}
