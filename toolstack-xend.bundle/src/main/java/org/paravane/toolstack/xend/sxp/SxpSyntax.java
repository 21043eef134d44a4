package org.paravane.toolstack.xend.sxp;

/** Character classes shared by the SXP parser and printer, so both agree on quoting. */
final class SxpSyntax {

    private SxpSyntax() {
    }

    /** Whitespace that separates tokens. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    /** Characters that end a bare atom: parentheses and the other brackets xend reserved. */
    static boolean isDelimiter(char c) {
        return "()[]<>{}".indexOf(c) >= 0;
    }

    static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    /** Control characters, which are only written escaped inside quotes. */
    static boolean isControl(char c) {
        return (c < 0x20 && !isSpace(c)) || c == 0x7f;
    }

    /** True when {@code c} may appear in a bare (unquoted) atom. */
    static boolean isAtomChar(char c) {
        return !isSpace(c) && !isDelimiter(c) && !isQuote(c) && c != '\\' && !isControl(c);
    }
}
