package org.paravane.core.domain;

/** Told about life-cycle events (VIRQ_DOM_EXC, toolstack events). Must not block. */
public interface DomainListener {

    /** A domain was created (PAUSED). */
    default void created(Domain domain) {
    }

    /** A domain shut down; {@code domain.shutdownReason()} says why. */
    default void shutDown(Domain domain) {
    }

    /** A domain is DEAD and gone from the table. */
    default void destroyed(Domain domain) {
    }
}
