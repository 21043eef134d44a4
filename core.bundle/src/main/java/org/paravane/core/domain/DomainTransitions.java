package org.paravane.core.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.DomainState;

/**
 * The domain life cycle as a transition table (issue "The hypervisor core"):
 * created/paused → running ⇄ blocked/paused → shutdown(reason) → dying → dead. Destroy is
 * allowed from every live state (Xen's destroydomain works on running domains too).
 */
public final class DomainTransitions {

    private static final Map<DomainState, Set<DomainState>> LEGAL = new EnumMap<>(DomainState.class);

    static {
        LEGAL.put(DomainState.PAUSED, EnumSet.of(DomainState.RUNNING, DomainState.SHUTDOWN, DomainState.DYING));
        LEGAL.put(DomainState.RUNNING, EnumSet.of(DomainState.BLOCKED, DomainState.PAUSED, DomainState.SHUTDOWN,
                DomainState.DYING));
        LEGAL.put(DomainState.BLOCKED, EnumSet.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTDOWN,
                DomainState.DYING));
        LEGAL.put(DomainState.SHUTDOWN, EnumSet.of(DomainState.DYING));
        LEGAL.put(DomainState.DYING, EnumSet.of(DomainState.DEAD));
        LEGAL.put(DomainState.DEAD, EnumSet.noneOf(DomainState.class));
    }

    private DomainTransitions() {
    }

    /** True when {@code from → to} is in the table. */
    public static boolean isLegal(DomainState from, DomainState to) {
        return LEGAL.get(from).contains(to);
    }

    /** The states reachable from {@code from} in one step. */
    public static Set<DomainState> from(DomainState from) {
        return EnumSet.copyOf(LEGAL.get(from).isEmpty() ? EnumSet.noneOf(DomainState.class) : LEGAL.get(from));
    }

    /**
     * Checks a transition.
     *
     * @throws DomainException ILLEGAL_STATE naming the domain, both states and what is legal
     */
    public static void check(int domid, String operation, DomainState from, DomainState to) {
        if (!isLegal(from, to)) {
            throw new DomainException(DomainException.Kind.ILLEGAL_STATE, "cannot " + operation + " domain " + domid
                    + ": it is " + from + ", and " + from + " → " + to + " is not a legal transition (legal from "
                    + from + ": " + LEGAL.get(from) + ")");
        }
    }
}
