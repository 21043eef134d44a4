package org.paravane.toolstack.xend.xmlrpc;

/**
 * A request the HTTP layer refuses, with the status to answer (RFC 9110 section 15). The
 * connection is closed after the answer, since the rest of the stream cannot be trusted.
 */
public final class HttpError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** Status {@code status} with {@code message} as the plain-text body. */
    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status code. */
    public int status() {
        return status;
    }
}
