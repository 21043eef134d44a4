package org.paravane.api.builder;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds PV domains from an ELF kernel, connects them to xenstored and xenconsoled, and
 * unpauses them. Implemented once, by the core.
 */
@ProviderType
public interface PvDomainBuilder {

    /**
     * Builds, connects and unpauses the domain {@code request} describes.
     *
     * @return the new domain's id
     * @throws PvBuildException naming the file or field that was wrong; nothing is left behind
     */
    int create(PvDomainRequest request) throws PvBuildException;
}
