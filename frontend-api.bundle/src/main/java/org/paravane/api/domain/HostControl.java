package org.paravane.api.domain;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The host side of the control API: what {@code xl info}, {@code xl dmesg} and
 * {@code xl uptime} show. Implemented once, by the core.
 *
 * @since 1.1
 */
@ProviderType
public interface HostControl {

    /** The host and hypervisor summary. */
    HostInfo info();

    /** The hypervisor's log ring, oldest line first (bounded: the oldest lines drop out). */
    List<String> dmesg();

    /** Empties the log ring ({@code xl dmesg -c} after printing). */
    void clearDmesg();

    /** When {@code domid} was created, in milliseconds since the epoch; empty when it does not exist. */
    Optional<Long> domainStartMillis(int domid);
}
