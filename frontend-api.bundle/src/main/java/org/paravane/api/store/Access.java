package org.paravane.api.store;

/** One permission letter of a XenStore node (xen-abi-facts §8.4). */
public enum Access {
    /** {@code n}: no access. */
    NONE('n'),
    /** {@code r}: read. */
    READ('r'),
    /** {@code w}: write. */
    WRITE('w'),
    /** {@code b}: read and write. */
    BOTH('b');

    private final char letter;

    Access(char letter) {
        this.letter = letter;
    }

    /** The wire letter. */
    public char letter() {
        return letter;
    }

    /** True if this access allows reading. */
    public boolean canRead() {
        return this == READ || this == BOTH;
    }

    /** True if this access allows writing. */
    public boolean canWrite() {
        return this == WRITE || this == BOTH;
    }

    /** The access for a wire letter, or {@code null} if the letter is not one of n, r, w, b. */
    public static Access ofLetter(char c) {
        for (Access a : values()) {
            if (a.letter == c) {
                return a;
            }
        }
        return null;
    }
}
