package org.paravane.api.vbd;

/** A vbd operation failed; the message names the device, file or key and the problem. */
public class VbdException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public VbdException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public VbdException(String message, Throwable cause) {
        super(message, cause);
    }
}
