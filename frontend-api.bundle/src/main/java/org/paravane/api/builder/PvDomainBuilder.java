package org.paravane.api.builder;

import java.util.Optional;
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

    /**
     * Builds, connects and starts the domain like {@link #create(PvDomainRequest)} and
     * supervises it: when it shuts down, {@code policy} decides whether it is destroyed,
     * preserved or restarted (a new domain with a new domid, the same name and config).
     *
     * @param paused true to leave the domain paused (xl create -p; a console can attach first)
     * @return the new domain's id
     * @throws PvBuildException naming the file or field that was wrong; nothing is left behind
     * @since 1.1
     */
    int create(PvDomainRequest request, LifecyclePolicy policy, boolean paused) throws PvBuildException;

    /**
     * The policy under which the launch path supervises {@code domid}, or empty when the
     * domain was not started with one (it then stays as it is after a shutdown).
     *
     * @since 1.1
     */
    Optional<LifecyclePolicy> lifecycle(int domid);
}
