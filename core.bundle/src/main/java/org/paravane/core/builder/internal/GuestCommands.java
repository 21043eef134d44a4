package org.paravane.core.builder.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.core.builder.CreateRequest;
import org.paravane.core.builder.InvalidKernelException;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.paravane.core.console.ConsoleBackend;
import org.paravane.core.xenstore.DomainIntroducer;

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

    private final Hypervisor hv;
    private final PvGuestLauncher launcher;

    /** Binds to the running hypervisor, xenstored and xenconsoled. */
    @Activate
    public GuestCommands(@Reference HypervisorComponent hypervisor, @Reference DomainIntroducer xenstore,
            @Reference ConsoleBackend consoles) {
        this.launcher = new PvGuestLauncher(hypervisor.hypervisor(), xenstore, consoles);
        this.hv = launcher.hypervisor();
    }

    /** Creates and unpauses a PV domain running KERNEL; returns its domid. */
    public int create(String... args) throws IOException, InvalidKernelException {
        CreateRequest r = CreateRequest.parse(Arrays.asList(args));
        return launcher.launch(r.name(), r.memoryMiB(), r.vcpus(), Path.of(r.kernel()), r.cmdline());
    }

    /** Destroys domain DOMID. */
    public String destroy(int domid) {
        hv.domains().destroy(domid);
        return "domain " + domid + " destroyed";
    }
}
