package org.paravane.bench.blk;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.backend.blockdev.BlockdevBackend;
import org.paravane.backend.vhd.VhdBackend;
import org.paravane.core.blkback.BlkbackConfig;
import org.paravane.core.blkback.VbdManager;
import org.paravane.core.builder.BootInfo;
import org.paravane.core.builder.BootLayout;
import org.paravane.core.builder.DomainBuilder;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.StoreRingLink;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * An in-process core for the block benchmarks, without OSGi: a {@link Hypervisor} with the
 * RISC-V engine (dom0's event channels and grant service), xenstored, and blkback's {@link
 * VbdManager} given the raw ({@link BlockdevBackend}) and VHD ({@link VhdBackend}) backends
 * directly, as the DS component would bind them.
 */
final class BlkCore implements AutoCloseable {

    final Hypervisor hv;
    final XenStoreDaemon daemon = new XenStoreDaemon(Quotas.defaults());
    final LocalXenStore store = new LocalXenStore(daemon);
    final VbdManager manager;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().factory());

    BlkCore() throws Exception {
        hv = new Hypervisor(new HypervisorConfig(256L << 20, 1, HypervisorConfig.DEFAULT_SLICE));
        hv.setEngine(new RiscvEngine());
        Dom0Layout.populate(store);
        // the defaults, with a 2 s control timeout (detach of a guest that closed first waits it out)
        manager = new VbdManager(store, hv.dom0EventChannels(), hv.dom0Grants(),
                new BlkbackConfig(Duration.ofSeconds(30), 4, 256, Duration.ofSeconds(2)));
        manager.addBackend(new BlockdevBackend(), List.of(BlockdevBackend.FORMAT));
        manager.addBackend(new VhdBackend(), List.of(VhdBackend.FORMAT));
    }

    /** Xen's virtual-device number of xvd{@code letter}. */
    static int devid(char letter) {
        return (202 << 8) | ((letter - 'a') << 4);
    }

    /** A read-write disk spec for xvd{@code letter}; {@code options} reach the backend's open. */
    static DiskSpec spec(Path target, DiskFormat format, char letter, Map<String, String> options) {
        return new DiskSpec(target.toString(), format, "xvd" + letter, devid(letter), DiskAccess.READ_WRITE,
                DiskDeviceType.DISK, DiskBackendType.AUTO, null, null, DiskSpecification.XEN, false, true, true,
                options);
    }

    /**
     * Builds guest/images/{@code program}.elf paused, serves its xenstore ring, attaches
     * {@code disk} as its xvda through blkback, and unpauses it.
     */
    Domain bootWithDisk(Path root, String program, long memoryKiB, String cmdline, DiskSpec disk) throws Exception {
        byte[] image = Files.readAllBytes(root.resolve("guest/images/" + program + ".elf"));
        BootInfo info = new DomainBuilder(hv.domains(), hv.events()).create(DomainConfig.of(program, memoryKiB, 1),
                program + ".elf", image, cmdline);
        Domain d = hv.domains().require(info.domid());
        String home = "/local/domain/" + d.domid();
        store.mkdir(home);
        store.setPerms(home, NodePerms.of(d.domid(), Access.NONE));
        MemorySegment page = d.memory().ram().asSlice(info.layout().storePfn() * BootLayout.PAGE
                - d.memory().ramBase(), BootLayout.PAGE);
        StoreRingLink.connect(page, daemon, d.domid(), info.storePort(), hv.dom0EventChannels(), flusher);
        manager.attach(d.domid(), disk);
        hv.domains().unpause(d.domid());
        return d;
    }

    static String console(Domain d) {
        return new String(d.console().contents(), StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        manager.close();
        hv.close();
        store.close();
        flusher.shutdownNow();
    }
}
