package org.paravane.core.builder.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.paravane.api.vbd.DiskSpecReader;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdException;
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VbdControl vbd;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DiskSpecReader diskSpecs;

    /** Binds to the running hypervisor, xenstored and xenconsoled. */
    @Activate
    public GuestCommands(@Reference HypervisorComponent hypervisor, @Reference DomainIntroducer xenstore,
            @Reference ConsoleBackend consoles) {
        this.launcher = new PvGuestLauncher(hypervisor.hypervisor(), xenstore, consoles);
        this.hv = launcher.hypervisor();
    }

    /** Creates and unpauses a PV domain running KERNEL; returns its domid. */
    public int create(String... args) throws IOException, InvalidKernelException {
        // --disk options (before the kernel) are taken here; the rest is CreateRequest's
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        List<String> disks = new ArrayList<>();
        for (int i = 0; i < rest.size() && rest.get(i).startsWith("-"); ) {
            if (rest.get(i).equals("--disk") && i + 1 < rest.size()) {
                disks.add(rest.remove(i + 1));
                rest.remove(i);
            } else {
                i += 2;
            }
        }
        CreateRequest r = CreateRequest.parse(rest);
        return launcher.launch(r.name(), r.memoryMiB(), r.vcpus(), Path.of(r.kernel()), r.cmdline(),
                domid -> attachDisks(domid, disks));
    }

    /** Attaches the --disk specs to the paused domain (the guest finds them at boot). */
    private void attachDisks(int domid, List<String> specs) throws IOException {
        if (specs.isEmpty()) {
            return;
        }
        VbdControl v = vbd;
        DiskSpecReader p = diskSpecs;
        if (v == null || p == null) {
            throw new IOException("--disk needs the block device service and a disk spec parser (toolstack-xend)");
        }
        for (String s : specs) {
            try {
                v.attach(domid, p.read(s));
            } catch (VbdException | IllegalArgumentException e) {
                throw new IOException("disk '" + s + "': " + e.getMessage(), e);
            }
        }
    }

    /** Destroys domain DOMID. */
    public String destroy(int domid) {
        hv.domains().destroy(domid);
        return "domain " + domid + " destroyed";
    }
}
