package org.paravane.core.xenstore;

import org.paravane.api.store.XsException;

/**
 * What a domain builder asks of xenstored for a new guest, as Xen's toolstack does: create
 * {@code /local/domain/N} owned by the guest with its {@code name} and {@code domid}, and
 * INTRODUCE the guest's store ring so the guest can talk to the store. Releasing happens
 * by itself when the domain is destroyed.
 */
public interface DomainIntroducer {

    /**
     * @param storeGfn  the guest frame of its xenstore ring page (start-info store_pfn)
     * @param storePort the guest's unbound event channel for the ring, remote end dom0
     */
    void introduce(int domid, String name, long storeGfn, int storePort) throws XsException;
}
