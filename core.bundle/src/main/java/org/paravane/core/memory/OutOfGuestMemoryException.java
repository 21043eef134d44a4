package org.paravane.core.memory;

/** A domain's memory could not be created or grown: the host budget or its maximum is exhausted. */
public final class OutOfGuestMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the domain and the numbers involved. */
    public OutOfGuestMemoryException(String message) {
        super(message);
    }
}
