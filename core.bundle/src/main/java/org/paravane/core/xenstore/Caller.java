package org.paravane.core.xenstore;

import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;

/**
 * Who is asking: a domain, whether it is privileged (dom0), and the domain it targets
 * through SET_TARGET (-1 for none). The target's nodes are treated as the caller's own.
 */
public record Caller(int domid, boolean privileged, int target) {

    /** dom0 as a caller. */
    public static final Caller DOM0 = new Caller(0, true, -1);

    /** The access this caller has to a node with {@code perms} (xen-abi-facts §8.4). */
    public Access accessTo(NodePerms perms) {
        if (privileged || (target >= 0 && perms.owner() == target)) {
            return Access.BOTH;
        }
        return perms.accessOf(domid);
    }
}
