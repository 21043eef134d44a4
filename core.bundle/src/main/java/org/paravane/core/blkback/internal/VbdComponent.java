package org.paravane.core.blkback.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.grant.GrantService;
import org.paravane.api.store.XenStore;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdException;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdMetrics;
import org.paravane.core.blkback.BlkbackConfig;
import org.paravane.core.blkback.VbdManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blkback engine and backend registry in the framework: publishes {@link VbdControl} and
 * binds every {@link BlockBackend} service greedily and dynamically (hot-swap, docs/blkif.md).
 * Configured through PID {@code org.paravane.core.blkback}.
 */
@Component(service = {VbdControl.class, VbdComponent.class}, immediate = true,
        configurationPid = "org.paravane.core.blkback", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VbdComponent.Config.class)
public final class VbdComponent implements VbdControl {

    private static final Logger LOG = LoggerFactory.getLogger(VbdComponent.class);

    /** Tunables. */
    @ObjectClassDefinition(name = "Paravane blkback", description = "Virtual block device backend engine")
    public @interface Config {
        /** A backend operation not complete after this fails its device. */
        @AttributeDefinition(name = "Request timeout (ms)", min = "1")
        long requestTimeoutMillis() default 30_000;

        /** Largest ring offered to frontends, as log2(pages). */
        @AttributeDefinition(name = "Max ring page order", min = "0", max = "4")
        int maxRingPageOrder() default 4;

        /** Segments per indirect request offered (0 disables indirect). */
        @AttributeDefinition(name = "Max indirect segments", min = "0", max = "4096")
        int maxIndirectSegments() default 256;
    }

    private final VbdManager manager;

    /** Starts the engine over dom0's xenstore, event channels and grants. */
    @Activate
    public VbdComponent(@Reference XenStore store, @Reference EventChannelService events,
            @Reference GrantService grants, Config config) {
        manager = new VbdManager(store, events, grants, new BlkbackConfig(
                Duration.ofMillis(config.requestTimeoutMillis()), config.maxRingPageOrder(),
                config.maxIndirectSegments(), Duration.ofSeconds(10)));
        LOG.info("blkback started (request timeout {} ms, rings up to 2^{} pages, {} indirect segments)",
                config.requestTimeoutMillis(), config.maxRingPageOrder(), config.maxIndirectSegments());
    }

    /** A block backend service appeared (or was updated). */
    @Reference(service = BlockBackend.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBackend(BlockBackend backend, Map<String, Object> props) {
        manager.addBackend(backend, formats(props.get(BlockBackend.FORMATS_PROPERTY)));
    }

    void unbindBackend(BlockBackend backend) {
        manager.removeBackend(backend);
    }

    static List<String> formats(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] a) {
            return Arrays.asList(a);
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** Detaches every device. */
    @Deactivate
    void deactivate() {
        manager.close();
    }

    /** The engine (commands, diagnostics). */
    public VbdManager manager() {
        return manager;
    }

    @Override
    public VbdInfo attach(int domid, DiskSpec disk) throws VbdException {
        return manager.attach(domid, disk);
    }

    @Override
    public void detach(int domid, int devid) throws VbdException {
        manager.detach(domid, devid);
    }

    @Override
    public List<VbdInfo> list() {
        return manager.list();
    }

    @Override
    public Optional<BlockDisk> localDisk(int devid) {
        return manager.localDisk(devid);
    }

    @Override
    public Optional<VbdMetrics> metrics(int domid, int devid) {
        return manager.metrics(domid, devid);
    }
}
