package org.paravane.toolstack.xend.sxp;

/**
 * Character classes shared by the SXP parser and printer, so both agree on quoting. They
 * follow xend's sxp.py: whitespace and the separators {@code ( ) [ ] < > { } ! ;} end an
 * atom, and so does {@code #}, which starts a comment.
 */
final class SxpSyntax {

    private SxpSyntax() {
    }

    /** Whitespace that separates tokens. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    /**
     * Separators other than parentheses. xend split atoms at these but then read them as
     * the start of new atoms; we reject them outside quotes instead of guessing.
     */
    static boolean isDelimiter(char c) {
        return "()[]<>{}!;".indexOf(c) >= 0;
    }

    static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    /** Control characters, which are only written escaped inside quotes. */
    static boolean isControl(char c) {
        return (c < 0x20 && !isSpace(c)) || c == 0x7f;
    }

    /** True when {@code c} may continue a bare atom. */
    static boolean isAtomChar(char c) {
        return !isSpace(c) && !isDelimiter(c) && c != '#' && !isControl(c);
    }

    /** True when {@code c} may start a bare atom (a quote starts a string instead). */
    static boolean isAtomStart(char c) {
        return isAtomChar(c) && !isQuote(c);
    }

    /**
     * True when the printer may write {@code c} in a bare atom: xend's {@code atomp} set,
     * ASCII letters and digits and {@code . - _ : / ~}.
     */
    static boolean isPlainAtomChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ".-_:/~".indexOf(c) >= 0;
    }
}
