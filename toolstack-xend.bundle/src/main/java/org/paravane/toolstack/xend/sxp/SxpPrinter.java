package org.paravane.toolstack.xend.sxp;

/**
 * Prints SXP in canonical form, which is what xend's {@code sxp.show} wrote: lists as
 * {@code (a b c)} with single spaces, atoms bare when they consist of ASCII letters, digits
 * and {@code . - _ : / ~}, otherwise quoted like Python's {@code repr}.
 * For every value {@code x}, {@code SxpParser.parse(print(x)).equals(x)}.
 */
public final class SxpPrinter {

    private SxpPrinter() {
    }

    /** The canonical text of {@code value}. */
    public static String print(Sxp value) {
        StringBuilder out = new StringBuilder();
        print(value, out);
        return out.toString();
    }

    private static void print(Sxp value, StringBuilder out) {
        switch (value) {
            case SxpAtom a -> atom(a.value(), out);
            case SxpList l -> {
                out.append('(');
                boolean first = true;
                for (Sxp item : l.items()) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    print(item, out);
                }
                out.append(')');
            }
        }
    }

    /**
     * An indented spelling for people ({@code xm list -l} style): a list whose items are
     * all atoms stays on one line; otherwise its leading atoms stay on the opening line and
     * every later item goes on its own line, indented four spaces per level. It parses
     * back to the same value as {@link #print}.
     */
    public static String printPretty(Sxp value) {
        StringBuilder out = new StringBuilder();
        pretty(value, 0, out);
        return out.toString();
    }

    private static void pretty(Sxp value, int indent, StringBuilder out) {
        if (!(value instanceof SxpList l) || l.items().stream().allMatch(SxpAtom.class::isInstance)) {
            print(value, out);
            return;
        }
        out.append('(');
        int i = 0;
        while (i < l.items().size() && l.items().get(i) instanceof SxpAtom a) {
            if (i > 0) {
                out.append(' ');
            }
            atom(a.value(), out);
            i++;
        }
        for (; i < l.items().size(); i++) {
            if (i > 0) {
                out.append('\n').append(" ".repeat(indent + 4));
            }
            pretty(l.items().get(i), indent + 4, out);
        }
        out.append(')');
    }

    /**
     * True when {@code text} must be quoted: xend's rule ({@code sxp.atomp}), except that
     * the empty string is quoted too (xend printed nothing for it, which does not read back).
     */
    static boolean needsQuotes(String text) {
        if (text.isEmpty()) {
            return true;
        }
        if (text.equals("@")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!SxpSyntax.isPlainAtomChar(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes an atom bare or quoted the way Python's {@code repr} quotes a string, as xend
     * did: single quotes unless the text holds a single quote and no double quote.
     * Non-ASCII characters are written as they are (xend's byte strings had \\xNN escapes).
     */
    private static void atom(String text, StringBuilder out) {
        if (!needsQuotes(text)) {
            out.append(text);
            return;
        }
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == quote) {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append(quote);
    }
}
