package org.paravane.api.blk;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A storage backend: a factory of open disks for one or more image formats. Backend bundles
 * register implementations as OSGi services with the service property {@link
 * #FORMATS_PROPERTY} listing the formats served (for example {@code "vhd"}); the blkback
 * engine binds them dynamically and picks one by the disk spec's format.
 */
@ConsumerType
public interface BlockBackend {

    /**
     * Service property naming the formats a backend serves: a {@code String} or {@code
     * String[]} of lower-case format names such as {@code "raw"}, {@code "vhd"}, {@code
     * "iscsi"}.
     */
    String FORMATS_PROPERTY = "paravane.blk.formats";

    /**
     * Opens a disk. The call does all validation (file exists, image structure is sound,
     * parent chain resolves) before returning, so a bad image fails the attach here and
     * not on the first I/O.
     *
     * @param request what to open and how
     * @return an open disk; the caller must {@link BlockDisk#close() close} it
     * @throws BlockIoException when the target cannot be opened; the message names the
     *     file and the problem
     */
    BlockDisk open(BlockOpenRequest request) throws BlockIoException;
}
