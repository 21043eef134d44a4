package org.paravane.toolstack.xend.sxp;

/**
 * An SXP value: an {@link SxpAtom} or an {@link SxpList}. Quoted strings and bare atoms
 * are the same value; the printer quotes exactly when it must.
 */
public sealed interface Sxp permits SxpAtom, SxpList {

    /** Shorthand for an atom. */
    static SxpAtom atom(String value) {
        return new SxpAtom(value);
    }

    /** Shorthand for a list. */
    static SxpList list(Sxp... items) {
        return new SxpList(java.util.List.of(items));
    }

    /** Shorthand for the element {@code (name value)}. */
    static SxpList element(String name, String value) {
        return list(atom(name), atom(value));
    }
}
