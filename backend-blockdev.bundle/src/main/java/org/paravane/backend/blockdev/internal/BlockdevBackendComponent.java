package org.paravane.backend.blockdev.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;
import org.paravane.backend.blockdev.BlockdevBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the raw backend as a {@link BlockBackend} service for format "raw" ({@code file:}, {@code phy:}). */
@Component(service = BlockBackend.class, property = BlockBackend.FORMATS_PROPERTY + "=" + BlockdevBackend.FORMAT)
public final class BlockdevBackendComponent implements BlockBackend {

    private static final Logger LOG = LoggerFactory.getLogger(BlockdevBackendComponent.class);

    private final BlockdevBackend backend = new BlockdevBackend();

    @Activate
    public BlockdevBackendComponent() {
        LOG.info("raw block backend registered (format {})", BlockdevBackend.FORMAT);
    }

    @Override
    public BlockDisk open(BlockOpenRequest request) throws BlockIoException {
        return backend.open(request);
    }
}
