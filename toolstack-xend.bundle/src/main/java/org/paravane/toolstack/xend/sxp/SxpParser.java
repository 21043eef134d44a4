package org.paravane.toolstack.xend.sxp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Parses SXP text: lists in parentheses, bare atoms, and strings in single or double
 * quotes with backslash escapes ({@code \\ \' \" \n \r \t \a \b \f \v \xHH \ooo}). A
 * {@code #} starts a comment to the end of the line, also right after an atom (as in
 * xend's sxp.py). The separators {@code [ ] < > { } ! ;} must be quoted: xend split atoms
 * at them in a way no writer relied on, so we report them instead.
 *
 * <p>Iterative, with a nesting limit, so hostile input cannot exhaust the stack.
 */
public final class SxpParser {

    /** Deepest list nesting accepted. */
    public static final int MAX_DEPTH = 512;

    private final String text;
    private int index;
    private int line = 1;
    private int column = 1;

    private SxpParser(String text) {
        this.text = text;
    }

    /** Parses exactly one value (surrounding whitespace and comments allowed). */
    public static Sxp parse(String text) throws SxpException {
        SxpParser p = new SxpParser(text);
        p.skipBlanks();
        if (p.atEnd()) {
            throw p.error("expected an SXP value, found end of input");
        }
        Sxp value = p.value();
        p.skipBlanks();
        if (!p.atEnd()) {
            throw p.error("expected end of input after the value, found '" + p.text.charAt(p.index) + "'");
        }
        return value;
    }

    /** Parses a sequence of values (a whole file such as xend-config.sxp). */
    public static List<Sxp> parseAll(String text) throws SxpException {
        SxpParser p = new SxpParser(text);
        List<Sxp> out = new ArrayList<>();
        p.skipBlanks();
        while (!p.atEnd()) {
            out.add(p.value());
            p.skipBlanks();
        }
        return out;
    }

    private boolean atEnd() {
        return index >= text.length();
    }

    private char advance() {
        char c = text.charAt(index++);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    private SxpException error(String expected) {
        return new SxpException(line, column, index, expected);
    }

    private void skipBlanks() {
        while (!atEnd()) {
            char c = text.charAt(index);
            if (SxpSyntax.isSpace(c)) {
                advance();
            } else if (c == '#') {
                while (!atEnd() && text.charAt(index) != '\n') {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    /** One value starting at a non-blank character. */
    private Sxp value() throws SxpException {
        Deque<List<Sxp>> open = new ArrayDeque<>();
        Deque<int[]> openedAt = new ArrayDeque<>();
        while (true) {
            if (atEnd()) {
                int[] at = openedAt.peek();
                throw error("expected ')' to close the list opened at " + at[0] + ":" + at[1]
                        + ", found end of input");
            }
            char c = text.charAt(index);
            Sxp done = null;
            if (c == '(') {
                if (open.size() >= MAX_DEPTH) {
                    throw error("lists nested deeper than " + MAX_DEPTH + " levels");
                }
                openedAt.push(new int[] {line, column});
                advance();
                open.push(new ArrayList<>());
            } else if (c == ')') {
                if (open.isEmpty()) {
                    throw error("unexpected ')': no list is open");
                }
                advance();
                openedAt.pop();
                done = new SxpList(open.pop());
            } else if (SxpSyntax.isQuote(c)) {
                done = new SxpAtom(string());
            } else if (SxpSyntax.isAtomStart(c)) {
                done = new SxpAtom(bareAtom());
            } else {
                throw error(describeBad(c));
            }
            if (done != null) {
                if (open.isEmpty()) {
                    return done;
                }
                open.peek().add(done);
            }
            skipBlanks();
        }
    }

    private static String describeBad(char c) {
        if (SxpSyntax.isDelimiter(c)) {
            return "unexpected '" + c + "': separators other than ( ) must be inside quotes";
        }
        return String.format("unexpected control character \\x%02x: expected it escaped inside quotes",
                (int) c);
    }

    /**
     * A bare atom. As in xend, quotes and backslashes inside it are ordinary characters
     * and a {@code #} ends it (a comment follows).
     */
    private String bareAtom() throws SxpException {
        int from = index;
        while (!atEnd() && SxpSyntax.isAtomChar(text.charAt(index))) {
            advance();
        }
        if (!atEnd() && SxpSyntax.isControl(text.charAt(index))) {
            throw error(String.format("unexpected control character \\x%02x inside atom '%s': expected it "
                    + "escaped inside quotes", (int) text.charAt(index), text.substring(from, index)));
        }
        return text.substring(from, index);
    }

    private String string() throws SxpException {
        int startLine = line;
        int startColumn = column;
        char quote = advance();
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new SxpException(startLine, startColumn, index,
                        "unterminated string: expected a closing " + quote + " before end of input");
            }
            char c = advance();
            if (c == quote) {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            // errors in an escape point at its backslash
            int escLine = line;
            int escColumn = column - 1;
            int escOffset = index - 1;
            if (atEnd()) {
                throw new SxpException(escLine, escColumn, escOffset, "unterminated string: backslash at end of input");
            }
            char e = advance();
            switch (e) {
                case '\\', '\'', '"' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case 'x' -> {
                    int v = hexEscape();
                    if (v < 0) {
                        throw new SxpException(escLine, escColumn, escOffset,
                                "invalid \\x escape: expected two hex digits");
                    }
                    out.append((char) v);
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int i = 0; i < 2 && !atEnd() && text.charAt(index) >= '0'
                                && text.charAt(index) <= '7'; i++) {
                            v = v * 8 + (advance() - '0');
                        }
                        out.append((char) v);
                    } else {
                        throw new SxpException(escLine, escColumn, escOffset,
                                "invalid escape '\\" + (e < 0x20 ? String.format("x%02x", (int) e) : e)
                                + "': expected one of \\\\ \\' \\\" \\n \\r \\t \\a \\b \\f \\v \\xHH \\ooo");
                    }
                }
            }
        }
    }

    /** Two hex digits after {@code \x}, or -1 when they are not there. */
    private int hexEscape() {
        int v = 0;
        for (int i = 0; i < 2; i++) {
            int d = atEnd() ? -1 : hexDigit(text.charAt(index));
            if (d < 0) {
                return -1;
            }
            advance();
            v = v * 16 + d;
        }
        return v;
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit alone would accept non-ASCII digits). */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
