package org.paravane.api.domain;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The domain table, as seen by toolstacks and dom0 services. Implemented once, by the
 * core. Every failing operation throws {@link DomainException}.
 */
@ProviderType
public interface DomainControl {

    /** Domain id of the control domain. */
    int DOM0 = 0;

    /** Every domain that is not {@link DomainState#DEAD}, ordered by domid. */
    List<DomainInfo> list();

    /** One domain, if it exists and is not dead. */
    Optional<DomainInfo> info(int domid);

    /** One live domain by name. */
    Optional<DomainInfo> byName(String name);

    /**
     * Creates a domain, {@link DomainState#PAUSED}, with its memory and vCPUs (offline
     * until the builder starts vCPU 0 and the domain is unpaused).
     */
    DomainInfo create(DomainConfig config);

    /** Stops scheduling the domain's vCPUs (PAUSED). */
    void pause(int domid);

    /** Lets the domain run again (RUNNING). */
    void unpause(int domid);

    /** Shuts the domain down for {@code reason}: vCPUs stop, resources are kept (SHUTDOWN). */
    void shutdown(int domid, ShutdownReason reason);

    /** Destroys the domain: releases everything it holds (DYING, then DEAD and gone). */
    void destroy(int domid);

    /**
     * Xen's reboot primitive: destroys the domain and creates a fresh one with the same
     * configuration and a new domid (the toolstack then builds and starts it).
     *
     * @return the new domain
     */
    DomainInfo recreate(int domid);

    /** Sets the credit-scheduler weight (1..65535) and cap (percent, 0 = none). */
    void setSchedulerParams(int domid, int weight, int cap);

    /** Sets the balloon target in KiB (the guest's balloon driver follows it). */
    void setMemoryTarget(int domid, long targetKiB);
}
