package org.paravane.core.xenbus;

import org.paravane.api.xenbus.XenbusState;

/**
 * One end of a device was asked to move its {@code state} along an edge that
 * {@link XenbusState#canTransition} does not allow (xen-abi-facts §9). Nothing was written.
 */
public final class IllegalTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final XenbusState from;
    private final XenbusState to;

    /** The refused move {@code from} → {@code to} of the node at {@code path}. */
    public IllegalTransitionException(String path, XenbusState from, XenbusState to) {
        super("illegal xenbus transition " + from + " (" + from.value() + ") -> " + to + " (" + to.value()
                + ") for " + path + "; allowed from " + from + ": " + XenbusState.successors(from));
        this.from = from;
        this.to = to;
    }

    /** The state the node was in. */
    public XenbusState from() {
        return from;
    }

    /** The state that was refused. */
    public XenbusState to() {
        return to;
    }
}
