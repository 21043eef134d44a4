package org.paravane.core.console.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.host.HostEnvironment;
import org.paravane.api.store.XenStore;
import org.paravane.core.console.ConsoleBackend;
import org.paravane.core.console.ConsoleDaemon;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainListener;
import org.paravane.core.domain.DomainReleaseHook;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * xenconsoled in the framework: a {@link ConsoleDaemon} writing logs under the instance's
 * log directory, wired to the domain life cycle (a console opens when a domU is created
 * and closes in a release hook when it is destroyed, before its memory goes) and published
 * as {@link ConsoleBackend} for the domain builder.
 */
@Component(service = {ConsoleBackend.class, ConsoleComponent.class}, immediate = true)
public final class ConsoleComponent implements ConsoleBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleComponent.class);

    private final DomainTable domains;
    private final ConsoleDaemon daemon;
    private final DomainListener listener;
    private final DomainReleaseHook releaseHook;

    @Activate
    public ConsoleComponent(@Reference HypervisorComponent hypervisor, @Reference XenStore store,
            @Reference HostEnvironment host) throws IOException {
        this(hypervisor, store, host.logDirectory());
    }

    /** As SCR would, with an explicit log directory (tests). */
    public ConsoleComponent(HypervisorComponent hypervisor, XenStore store, Path logDirectory) throws IOException {
        this.domains = hypervisor.hypervisor().domains();
        this.daemon = new ConsoleDaemon(logDirectory, store, hypervisor.hypervisor().dom0EventChannels(),
                domains);
        this.listener = new DomainListener() {
            @Override
            public void created(Domain d) {
                open(d);
            }
        };
        this.releaseHook = d -> daemon.close(d.domid());
        domains.addReleaseHook(releaseHook);
        domains.addListener(listener);
        for (var info : domains.list()) { // domains created before this component started
            if (info.domid() != 0) {
                domains.domain(info.domid()).ifPresent(this::open);
            }
        }
        LOG.info("xenconsoled started: logs in {}", logDirectory);
    }

    private void open(Domain d) {
        try {
            daemon.open(d.domid(), d.name(), d.console());
        } catch (IOException e) {
            LOG.warn("domain {} ({}): no console: {}", d.domid(), d.name(), e.getMessage());
        }
    }

    @Deactivate
    public void deactivate() {
        domains.removeListener(listener);
        domains.removeReleaseHook(releaseHook);
        daemon.close();
        LOG.info("xenconsoled stopped");
    }

    /** Same as SCR deactivation, for tests. */
    public void deactivateForTest() {
        deactivate();
    }

    @Override
    public void attach(int domid, long ringGfn, MemorySegment page, int guestPort) throws IOException {
        daemon.attach(domid, ringGfn, page, guestPort);
    }

    @Override
    public void attach(int domid) throws IOException {
        daemon.attach(domid);
    }

    @Override
    public Optional<String> tty(int domid) {
        return daemon.tty(domid);
    }

    /** Domain id → PTY of every console. */
    public Map<Integer, String> consoles() {
        return daemon.consoles();
    }

    /** The log file of a domain's console. */
    public Optional<Path> logFile(int domid) {
        return daemon.logFile(domid);
    }

    /** The domain table (for name lookups by the commands). */
    DomainTable domains() {
        return domains;
    }
}
