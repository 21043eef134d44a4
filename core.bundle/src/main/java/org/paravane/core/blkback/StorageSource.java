package org.paravane.core.blkback;

import java.util.Optional;
import org.paravane.api.blk.BlockBackend;

/** Where a device finds a block backend for its format (the registry of bound backends). */
@FunctionalInterface
public interface StorageSource {

    /** The preferred backend serving {@code format} now, if any. */
    Optional<BlockBackend> backendFor(String format);
}
