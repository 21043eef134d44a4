package org.paravane.api.store;

/** A XenStore operation failed with one of Xen's errors. */
public final class XsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final XsError error;

    /** An exception carrying {@code error} and a message naming what failed. */
    public XsException(XsError error, String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    /** The Xen error. */
    public XsError error() {
        return error;
    }
}
