package org.paravane.toolstack.xend.xl;

import java.util.List;
import java.util.Optional;
import org.paravane.api.domain.DomainInfo;

/**
 * How xl names a domain on its command line: a decimal domid, or else a domain name
 * (a name made only of digits is taken as an id, as xl does).
 */
public final class DomainRef {

    private DomainRef() {
    }

    /** The live domain {@code ref} names, if any. */
    public static Optional<DomainInfo> find(List<DomainInfo> domains, String ref) {
        if (ref.matches("[0-9]{1,9}")) {
            int id = Integer.parseInt(ref);
            return domains.stream().filter(d -> d.domid() == id).findFirst();
        }
        return domains.stream().filter(d -> d.name().equals(ref)).findFirst();
    }

    /** Like {@link #find}, but IllegalArgumentException "xl CMD: domain 'ref' does not exist". */
    public static DomainInfo require(List<DomainInfo> domains, String ref, String cmd) {
        return find(domains, ref).orElseThrow(
                () -> new IllegalArgumentException("xl " + cmd + ": domain '" + ref + "' does not exist"));
    }
}
