package org.paravane.core.domain;

/**
 * A subsystem holding per-domain state (event channels, grant tables, xenstore) registers
 * one of these with the {@link DomainTable}: called while a domain is DYING, after its vCPUs
 * stopped and before its memory is freed.
 */
@FunctionalInterface
public interface DomainReleaseHook {

    /** Release everything held for {@code domain}. Must not throw for a guest's doing. */
    void release(Domain domain);
}
