package org.paravane.backend.vhd.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.backend.vhd.VhdBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the VHD backend as a {@link BlockBackend} service for format "vhd". */
@Component(service = BlockBackend.class, property = BlockBackend.FORMATS_PROPERTY + "=" + VhdBackend.FORMAT)
public final class VhdBackendComponent implements BlockBackend {

    private static final Logger LOG = LoggerFactory.getLogger(VhdBackendComponent.class);

    private final VhdBackend backend = new VhdBackend();

    @Activate
    public VhdBackendComponent() {
        LOG.info("VHD block backend registered (format {})", VhdBackend.FORMAT);
    }

    @Override
    public BlockDisk open(BlockOpenRequest request) throws BlockIoException {
        return backend.open(request);
    }
}
