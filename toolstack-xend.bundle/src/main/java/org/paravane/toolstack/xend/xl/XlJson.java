package org.paravane.toolstack.xend.xl;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON writer for {@code xl list -l}: maps (insertion order kept), collections,
 * strings, numbers, booleans and null, indented by four spaces as xl's yajl output is.
 */
public final class XlJson {

    private XlJson() {
    }

    /** {@code value} as indented JSON text (no trailing newline). */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int depth) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(b, s);
            case Boolean bool -> b.append(bool);
            case Integer i -> b.append(i);
            case Long l -> b.append(l);
            case Double d -> b.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.1f", d) : "null");
            case Map<?, ?> m -> object(b, m, depth);
            case Collection<?> c -> array(b, c, depth);
            default -> string(b, v.toString());
        }
    }

    private static void object(StringBuilder b, Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            b.append("{}");
            return;
        }
        b.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            indent(b, depth + 1);
            string(b, String.valueOf(e.getKey()));
            b.append(": ");
            write(b, e.getValue(), depth + 1);
            b.append(++i < m.size() ? ",\n" : "\n");
        }
        indent(b, depth);
        b.append('}');
    }

    private static void array(StringBuilder b, Collection<?> c, int depth) {
        if (c.isEmpty()) {
            b.append("[]");
            return;
        }
        b.append("[\n");
        int i = 0;
        for (Object o : c) {
            indent(b, depth + 1);
            write(b, o, depth + 1);
            b.append(++i < c.size() ? ",\n" : "\n");
        }
        indent(b, depth);
        b.append(']');
    }

    private static void indent(StringBuilder b, int depth) {
        b.append("    ".repeat(depth));
    }

    /** RFC 8259 string escaping: quote, backslash and control characters. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
