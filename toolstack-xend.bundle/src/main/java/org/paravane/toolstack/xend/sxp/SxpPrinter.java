package org.paravane.toolstack.xend.sxp;

/**
 * Prints SXP in canonical form: lists as {@code (a b c)} with single spaces, atoms bare
 * when they can be read back bare, otherwise in single quotes with backslash escapes
 * ({@code \\ \' \n \r \t} and {@code \xHH} for other control characters).
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

    /** True when {@code text} must be quoted to read back as the same atom. */
    static boolean needsQuotes(String text) {
        if (text.isEmpty() || text.charAt(0) == '#') {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!SxpSyntax.isAtomChar(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void atom(String text, StringBuilder out) {
        if (!needsQuotes(text)) {
            out.append(text);
            return;
        }
        out.append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('\'');
    }
}
