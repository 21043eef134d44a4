package org.paravane.core.builder.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.domain.DomainConfig;
import org.paravane.core.builder.BootInfo;
import org.paravane.core.builder.CreateRequest;
import org.paravane.core.builder.DomainBuilder;
import org.paravane.core.builder.InvalidKernelException;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.paravane.api.store.XsException;
import org.paravane.core.console.ConsoleBackend;
import org.paravane.core.xenstore.DomainIntroducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gogo commands {@code hv:create [--name N] [--memory MiB] [--vcpus N] KERNEL [cmdline...]}
 * (build a PV domain from an ELF kernel and unpause it; returns the domid) and
 * {@code hv:destroy DOMID}.
 */
@Component(service = GuestCommands.class, property = {
    "osgi.command.scope=hv",
    "osgi.command.function=create",
    "osgi.command.function=destroy"
})
public final class GuestCommands {

    private static final Logger LOG = LoggerFactory.getLogger(GuestCommands.class);

    private final Hypervisor hv;
    private final DomainBuilder builder;
    private final DomainIntroducer xenstore;
    private final ConsoleBackend consoles;

    /** Binds to the running hypervisor, xenstored and xenconsoled. */
    @Activate
    public GuestCommands(@Reference HypervisorComponent hypervisor, @Reference DomainIntroducer xenstore,
            @Reference ConsoleBackend consoles) {
        this.hv = hypervisor.hypervisor();
        this.builder = new DomainBuilder(hv.domains(), hv.events());
        this.xenstore = xenstore;
        this.consoles = consoles;
    }

    /** Creates and unpauses a PV domain running KERNEL; returns its domid. */
    public int create(String... args) throws IOException, InvalidKernelException {
        CreateRequest r = CreateRequest.parse(Arrays.asList(args));
        Path file = Path.of(r.kernel());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("kernel '" + r.kernel() + "' is not a readable file");
        }
        byte[] image = Files.readAllBytes(file);
        String name = r.name() != null ? r.name() : freeName(file);
        BootInfo info = builder.create(DomainConfig.of(name, r.memoryMiB() * 1024, r.vcpus()),
                file.getFileName().toString(), image, r.cmdline());
        connectDaemons(info, name);
        hv.domains().unpause(info.domid());
        LOG.info("domain {} ('{}') started from {} with command line '{}'", info.domid(), name, file, r.cmdline());
        return info.domid();
    }

    /**
     * What Xen's toolstack does between building and unpausing: introduce the guest to
     * xenstored over its store ring and hand its console ring to xenconsoled. A failure
     * destroys the half-connected domain and says which daemon refused.
     */
    private void connectDaemons(BootInfo info, String name) throws IOException {
        try {
            xenstore.introduce(info.domid(), name, info.layout().storePfn(), info.storePort());
            consoles.attach(info.domid());
        } catch (IOException | XsException | RuntimeException e) {
            hv.domains().destroy(info.domid());
            throw new IOException("domain " + info.domid() + " ('" + name + "') could not be connected to "
                    + (e instanceof XsException ? "xenstored" : "xenconsoled") + ": " + e.getMessage(), e);
        }
    }

    /** Destroys domain DOMID. */
    public String destroy(int domid) {
        hv.domains().destroy(domid);
        return "domain " + domid + " destroyed";
    }

    /** The kernel's base name, made unique among live domains with -2, -3, ... */
    private String freeName(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.elf$", "").replaceAll("[^\\x21-\\x7E]", "_");
        if (base.isEmpty() || base.length() > 56) {
            base = "guest";
        }
        String n = base;
        for (int i = 2; hv.domains().byName(n).isPresent(); i++) {
            n = base + "-" + i;
        }
        return n;
    }
}
