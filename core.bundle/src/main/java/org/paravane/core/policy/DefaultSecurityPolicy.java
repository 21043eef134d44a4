package org.paravane.core.policy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paravane's default policy (Xen's dummy XSM policy plus stub/driver domains):
 * <ul>
 * <li>dom0 (and any domain flagged privileged) may do everything;</li>
 * <li>a driver or stub domain may act on the frontend domains it was explicitly given
 *     rights over ({@link #grantRights}), for actions of scope TARGET, CONTROLLER and PEER;</li>
 * <li>every other domain acts only on itself (scope SELF and TARGET with target = caller);</li>
 * <li>PEER actions are allowed between any two domains: the peer's own consent (an unbound
 *     port naming the caller, a grant entry naming it) is checked by the subsystem.</li>
 * </ul>
 */
public final class DefaultSecurityPolicy implements SecurityPolicy {

    private final Set<Integer> privileged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Set<Integer>> rights = new ConcurrentHashMap<>();

    /** A policy where only dom0 is privileged. */
    public DefaultSecurityPolicy() {
        privileged.add(0);
    }

    /** Marks {@code domid} privileged (dom0 is from the start). */
    public void setPrivileged(int domid, boolean on) {
        if (on) {
            privileged.add(domid);
        } else if (domid != 0) {
            privileged.remove(domid);
        }
    }

    /** True when domid is privileged. */
    public boolean isPrivileged(int domid) {
        return privileged.contains(domid);
    }

    /** Gives driver/stub domain {@code driver} rights over frontend domain {@code frontend}. */
    public void grantRights(int driver, int frontend) {
        if (driver == frontend) {
            throw new IllegalArgumentException("a domain has rights over itself already: " + driver);
        }
        rights.computeIfAbsent(driver, k -> ConcurrentHashMap.newKeySet()).add(frontend);
    }

    /** Withdraws the rights of {@code driver} over {@code frontend}. */
    public void revokeRights(int driver, int frontend) {
        Set<Integer> s = rights.get(driver);
        if (s != null) {
            s.remove(frontend);
        }
    }

    /** True when {@code driver} has explicit rights over {@code frontend}. */
    public boolean hasRights(int driver, int frontend) {
        Set<Integer> s = rights.get(driver);
        return s != null && s.contains(frontend);
    }

    /** Forgets every right held by or over {@code domid} (called when it is destroyed). */
    public void forgetDomain(int domid) {
        rights.remove(domid);
        rights.values().forEach(s -> s.remove(domid));
        if (domid != 0) {
            privileged.remove(domid);
        }
    }

    @Override
    public boolean permits(int caller, Action action, int target) {
        if (privileged.contains(caller)) {
            return true;
        }
        return switch (action.scope()) {
            case ANYONE, PEER -> true;
            case SELF -> caller == target;
            case TARGET -> caller == target || hasRights(caller, target);
            case CONTROLLER -> caller != target && hasRights(caller, target);
            case PRIVILEGED -> false;
        };
    }
}
