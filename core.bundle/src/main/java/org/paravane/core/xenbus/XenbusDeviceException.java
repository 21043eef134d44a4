package org.paravane.core.xenbus;

/** A device refused to connect (bad or missing frontend keys, a ring it cannot map, ...). */
public final class XenbusDeviceException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A refusal with a message naming what was wrong. */
    public XenbusDeviceException(String message) {
        super(message);
    }

    /** A refusal caused by {@code cause}. */
    public XenbusDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
