package org.paravane.toolstack.xend.xmlrpc;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.paravane.api.builder.PvDomainBuilder;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.HostControl;
import org.paravane.api.host.HostEnvironment;
import org.paravane.backend.vhd.VhdBackend;
import org.paravane.core.blkback.BlkbackConfig;
import org.paravane.core.blkback.VbdManager;
import org.paravane.core.builder.internal.PvDomainBuilderComponent;
import org.paravane.core.console.internal.ConsoleComponent;
import org.paravane.core.domain.internal.DomainControlComponent;
import org.paravane.core.hv.internal.HostControlComponent;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.paravane.core.xenstore.internal.XenStoreComponent;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * The real core as SCR would wire it, for tests: hypervisor with the RISC-V engine,
 * xenstored, xenconsoled, the domain table and the PV builder, on a state directory; with
 * {@link #withDisks} also blkback with the real VHD backend.
 */
public final class CoreFixture implements AutoCloseable {

    /** The repository root. */
    public static final Path ROOT = Path.of(System.getProperty("paravane.root", "..")).toAbsolutePath().normalize();

    /** The hello guest kernel (prints a greeting and powers off). */
    public static final Path HELLO_ELF = ROOT.resolve("guest/images/hello.elf");

    private final HypervisorComponent hvc;
    private final XenStoreComponent xenstore;
    private final ConsoleComponent consoles;
    private final DomainControlComponent control;
    private final PvDomainBuilderComponent builder;
    private final VbdManager vbd;
    private final HostEnvironment host;
    private final Path logs;

    /** Starts the core on {@code state} with a 64 MiB budget and no block devices. */
    public CoreFixture(Path state) throws Exception {
        this(state, 64L, false);
    }

    /** Starts the core on {@code state} with blkback and the VHD backend (format {@code vhd}). */
    public static CoreFixture withDisks(Path state, long memoryBudgetMiB) throws Exception {
        return new CoreFixture(state, memoryBudgetMiB, true);
    }

    private CoreFixture(Path state, long memoryBudgetMiB, boolean disks) throws Exception {
        logs = Files.createDirectories(state.resolve("log"));
        host = new HostEnvironment() {
            @Override
            public Path stateDirectory() {
                return state;
            }

            @Override
            public Path deployDirectory() {
                return state.resolve("deploy");
            }

            @Override
            public Path logDirectory() {
                return logs;
            }

            @Override
            public Path imagesDirectory() {
                return state.resolve("images");
            }
        };
        hvc = new HypervisorComponent((HypervisorComponent.Config) Proxy.newProxyInstance(
                HypervisorComponent.Config.class.getClassLoader(), new Class<?>[] {HypervisorComponent.Config.class},
                (p, m, a) -> switch (m.getName()) {
                    case "memoryBudgetMiB" -> memoryBudgetMiB;
                    case "schedulerThreads" -> 1;
                    case "sliceInstructions" -> 100_000L;
                    default -> m.getDefaultValue();
                }));
        hvc.hypervisor().setEngine(new RiscvEngine());
        xenstore = new XenStoreComponent(host, hvc);
        consoles = new ConsoleComponent(hvc, xenstore, logs);
        control = new DomainControlComponent(hvc);
        if (disks) {
            vbd = new VbdManager(xenstore, hvc.hypervisor().dom0EventChannels(), hvc.hypervisor().dom0Grants(),
                    BlkbackConfig.defaults());
            vbd.addBackend(new VhdBackend(), List.of(VhdBackend.FORMAT));
            builder = new PvDomainBuilderComponent(hvc, xenstore, consoles, vbd, xenstore);
        } else {
            vbd = null;
            builder = new PvDomainBuilderComponent(hvc, xenstore, consoles);
        }
    }

    public HostEnvironment host() {
        return host;
    }

    public DomainControl control() {
        return control;
    }

    public PvDomainBuilder builder() {
        return builder;
    }

    public HostControl hostControl() {
        return new HostControlComponent(hvc);
    }

    public org.paravane.api.store.XenStore xenstore() {
        return xenstore;
    }

    /** blkback; only with {@link #withDisks}. */
    public VbdManager vbd() {
        if (vbd == null) {
            throw new IllegalStateException("this fixture was started without block devices");
        }
        return vbd;
    }

    /**
     * xenconsoled writes a guest's log from its own thread: waits (bounded, 60 s) until the
     * log of domain {@code name}/{@code domid} holds {@code text}, and returns the log as read.
     */
    public String awaitConsoleLog(String name, int domid, String text) throws Exception {
        Path file = logs.resolve("console-" + name + "-" + domid + ".log");
        long end = System.nanoTime() + 60_000_000_000L;
        String log = "";
        while (System.nanoTime() < end) {
            log = Files.exists(file) ? Files.readString(file) : "";
            if (log.contains(text)) {
                break;
            }
            Thread.sleep(5);
        }
        return log;
    }

    /** Waits (bounded, 60 s) until the domain has shut down. */
    public void awaitShutdown(int domid) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (control.info(domid).map(d -> d.state() != DomainState.SHUTDOWN).orElse(false)
                && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        builder.deactivate();
        if (vbd != null) {
            vbd.close();
        }
        consoles.deactivate();
        xenstore.deactivate();
        hvc.deactivateForTest();
    }
}
