package org.paravane.api.vbd;

import org.osgi.annotation.versioning.ConsumerType;
import org.paravane.api.config.DiskSpec;

/**
 * Parses a disk spec string (xl-disk-configuration(5)) into a {@link DiskSpec}. A toolstack
 * that owns a disk syntax registers one as a service, so the core's own commands
 * ({@code hv:block-attach}) accept the same strings without depending on the toolstack.
 */
@ConsumerType
public interface DiskSpecReader {

    /**
     * Parses one spec.
     *
     * @throws IllegalArgumentException naming the parameter that is wrong and what was expected
     */
    DiskSpec read(String spec);
}
