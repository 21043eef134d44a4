package org.paravane.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;

/**
 * The hypervisor's table of live domains, keyed by domid. Plain Java: the DS component
 * {@link org.paravane.core.domain.internal.DomainControlComponent} publishes it.
 */
public final class DomainTable {

    /** Name Xen's toolstacks give the control domain. */
    public static final String DOM0_NAME = "Domain-0";

    private final ConcurrentSkipListMap<Integer, DomainInfo> domains = new ConcurrentSkipListMap<>();

    /**
     * Creates dom0: domid 0, privileged, running (dom0 is the JVM itself and never runs
     * on the CPU engine), with the nil UUID as in Xen.
     *
     * @throws IllegalStateException if dom0 exists already (dom0 is unique)
     */
    public DomainInfo createDom0(long memoryKiB, int vcpus) {
        DomainInfo dom0 = new DomainInfo(0, new UUID(0, 0), DOM0_NAME, DomainState.RUNNING, null,
                true, memoryKiB, memoryKiB, vcpus, 0);
        if (domains.putIfAbsent(0, dom0) != null) {
            throw new IllegalStateException("dom0 exists already: it is unique");
        }
        return dom0;
    }

    /** Every live domain, by domid. */
    public List<DomainInfo> list() {
        return new ArrayList<>(domains.values());
    }

    /** One live domain. */
    public Optional<DomainInfo> info(int domid) {
        return Optional.ofNullable(domains.get(domid));
    }

    /** Removes every domain (host shutdown); returns how many there were. */
    public int destroyAll() {
        int n = domains.size();
        domains.clear();
        return n;
    }
}
