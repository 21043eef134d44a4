package org.paravane.api.domain;

/**
 * A domain operation was refused; {@link #kind()} tells why (the message says the details).
 */
public final class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a domain operation failed. */
    public enum Kind {
        /** No live domain has that id. */
        NO_SUCH_DOMAIN,
        /** The state machine forbids the transition (e.g. unpause of a shut-down domain). */
        ILLEGAL_STATE,
        /** The configuration is invalid (bad name, sizes, vCPU count...). */
        INVALID_CONFIG,
        /** Another live domain has that name. */
        NAME_IN_USE,
        /** The host memory budget cannot hold the domain. */
        OUT_OF_MEMORY,
        /** Every domid below DOMID_FIRST_RESERVED is in use. */
        NO_DOMID_LEFT,
        /** The operation is not allowed on this domain (dom0). */
        NOT_PERMITTED
    }

    private final Kind kind;

    /** A failure of the given kind. */
    public DomainException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Why it failed. */
    public Kind kind() {
        return kind;
    }
}
