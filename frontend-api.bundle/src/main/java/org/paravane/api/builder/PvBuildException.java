package org.paravane.api.builder;

/**
 * A PV domain could not be built. The message names what was wrong: the kernel file
 * (missing, unreadable, not a valid ELF image), the field (name taken, memory or vCPUs
 * refused) or the daemon (xenstored, xenconsoled) that refused the new domain. No domain
 * is left behind when this is thrown.
 */
public class PvBuildException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public PvBuildException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public PvBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
