package org.paravane.core.builder.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.store.XsException;
import org.paravane.core.builder.BootInfo;
import org.paravane.core.builder.DomainBuilder;
import org.paravane.core.builder.InvalidKernelException;
import org.paravane.core.console.ConsoleBackend;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.xenstore.DomainIntroducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one code path that starts a PV guest: read the kernel, build the domain, introduce
 * it to xenstored, hand its console to xenconsoled, unpause it. Shared by
 * {@code hv:create} ({@link GuestCommands}) and the toolstacks' builder service
 * ({@link PvDomainBuilderComponent}).
 */
final class PvGuestLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(PvGuestLauncher.class);

    private final Hypervisor hv;
    private final DomainBuilder builder;
    private final DomainIntroducer xenstore;
    private final ConsoleBackend consoles;

    PvGuestLauncher(Hypervisor hv, DomainIntroducer xenstore, ConsoleBackend consoles) {
        this.hv = hv;
        this.builder = new DomainBuilder(hv.domains(), hv.events());
        this.xenstore = xenstore;
        this.consoles = consoles;
    }

    Hypervisor hypervisor() {
        return hv;
    }

    /**
     * Starts a guest; {@code name} null derives one from the kernel file. Returns the domid.
     * Throws IllegalArgumentException for a missing kernel file.
     */
    int launch(String name, long memoryMiB, int vcpus, Path kernel, String cmdline)
            throws IOException, InvalidKernelException {
        return launch(name, memoryMiB, vcpus, kernel, cmdline, domid -> { });
    }

    /** Work done on the built, connected, still paused domain (attaching its disks, say). */
    @FunctionalInterface
    interface BeforeUnpause {
        void prepare(int domid) throws IOException;
    }

    /** As above, running {@code beforeUnpause} first; its failure destroys the domain. */
    int launch(String name, long memoryMiB, int vcpus, Path kernel, String cmdline, BeforeUnpause beforeUnpause)
            throws IOException, InvalidKernelException {
        byte[] image = readKernel(kernel);
        String n = name != null ? name : freeName(kernel);
        int domid = launchImage(n, null, memoryMiB, vcpus, kernel.getFileName().toString(), image, cmdline, true);
        try {
            beforeUnpause.prepare(domid);
        } catch (IOException | RuntimeException e) {
            hv.domains().destroy(domid);
            throw e;
        }
        hv.domains().unpause(domid);
        return domid;
    }

    /** The kernel file's bytes; IllegalArgumentException when it is not a readable file. */
    static byte[] readKernel(Path kernel) throws IOException {
        if (!Files.isRegularFile(kernel)) {
            throw new IllegalArgumentException("kernel '" + kernel + "' is not a readable file");
        }
        return Files.readAllBytes(kernel);
    }

    /**
     * Builds domain {@code name} from a kernel image already in memory, connects it to
     * xenstored and xenconsoled and, unless {@code paused}, unpauses it. Returns the domid.
     * {@code uuid} null gives a fresh handle; the lifecycle supervisor restarts guests
     * through here with the image and the handle it kept (Xen keeps the UUID on reboot).
     */
    int launchImage(String name, UUID uuid, long memoryMiB, int vcpus, String kernelName, byte[] image,
            String cmdline, boolean paused) throws IOException, InvalidKernelException {
        DomainConfig config = new DomainConfig(name, uuid, memoryMiB * 1024, memoryMiB * 1024, vcpus,
                DomainConfig.DEFAULT_WEIGHT, 0);
        BootInfo info = builder.create(config, kernelName, image, cmdline);
        connectDaemons(info, name);
        if (!paused) {
            hv.domains().unpause(info.domid());
        }
        LOG.info("domain {} ('{}') {} from {} with command line '{}'", info.domid(), name,
                paused ? "built (paused)" : "started", kernelName, cmdline);
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
