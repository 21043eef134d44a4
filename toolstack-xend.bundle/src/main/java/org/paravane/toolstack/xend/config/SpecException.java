package org.paravane.toolstack.xend.config;

/**
 * A DISKSPEC, VIFSPEC or vdev that cannot be parsed. It carries no position because a spec
 * is a string value; the config reader adds the position of that string.
 */
public final class SpecException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what was expected and what was found */
    public SpecException(String message) {
        super(message);
    }
}
