package org.paravane.toolstack.xend.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@code methodResponse}: one result value, or a fault (XML-RPC specification,
 * "Response example" and "Fault example"). Values are the Java types
 * {@link XmlRpcRequest} lists; a Long within 32 bits is sent as {@code <int>}, a larger
 * one as {@code <string>} (XML-RPC has no wider integer), null as {@code <nil/>} as xend's
 * {@code allow_none} did. Text is escaped; characters XML 1.0 cannot carry are refused.
 */
public final class XmlRpcWriter {

    private static final String HEAD = "<?xml version='1.0'?>\n<methodResponse>\n";

    private XmlRpcWriter() {
    }

    /** A successful response holding {@code result}. */
    public static byte[] response(Object result) {
        StringBuilder b = new StringBuilder(HEAD).append("<params>\n<param>\n");
        value(b, result, 0);
        b.append("</param>\n</params>\n</methodResponse>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A fault response. */
    public static byte[] fault(int code, String message) {
        StringBuilder b = new StringBuilder(HEAD).append("<fault>\n<value><struct>\n");
        b.append("<member><name>faultCode</name><value><int>").append(code).append("</int></value></member>\n");
        b.append("<member><name>faultString</name><value><string>");
        escape(b, printable(message));
        b.append("</string></value></member>\n</struct></value>\n</fault>\n</methodResponse>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A fault response for {@code f}. */
    public static byte[] fault(XmlRpcFault f) {
        return fault(f.code(), f.faultString());
    }

    private static void value(StringBuilder b, Object v, int depth) {
        if (depth > XmlRpcParser.MAX_ELEMENT_DEPTH / 4) {
            throw new IllegalArgumentException("result nested deeper than " + XmlRpcParser.MAX_ELEMENT_DEPTH / 4);
        }
        b.append("<value>");
        switch (v) {
            case null -> b.append("<nil/>");
            case Integer i -> b.append("<int>").append(i).append("</int>");
            case Short s -> b.append("<int>").append(s).append("</int>");
            case Byte s -> b.append("<int>").append(s).append("</int>");
            case Long l when l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ->
                    b.append("<int>").append(l).append("</int>");
            case Long l -> b.append("<string>").append(l).append("</string>");
            case Boolean z -> b.append("<boolean>").append(z ? 1 : 0).append("</boolean>");
            case Double d -> b.append("<double>").append(dbl(d)).append("</double>");
            case Float f -> b.append("<double>").append(dbl(f.doubleValue())).append("</double>");
            case String s -> {
                b.append("<string>");
                escape(b, s);
                b.append("</string>");
            }
            case XmlRpcDateTime t -> b.append("<dateTime.iso8601>").append(t.text()).append("</dateTime.iso8601>");
            case byte[] bytes -> b.append("<base64>").append(Base64.getEncoder().encodeToString(bytes))
                    .append("</base64>");
            case Map<?, ?> m -> {
                b.append("<struct>\n");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String name)) {
                        throw new IllegalArgumentException("struct member names must be strings, got " + e.getKey());
                    }
                    b.append("<member><name>");
                    escape(b, name);
                    b.append("</name>");
                    value(b, e.getValue(), depth + 1);
                    b.append("</member>\n");
                }
                b.append("</struct>");
            }
            case List<?> l -> {
                b.append("<array><data>\n");
                for (Object o : l) {
                    value(b, o, depth + 1);
                    b.append('\n');
                }
                b.append("</data></array>");
            }
            default -> throw new IllegalArgumentException("no XML-RPC type for " + v.getClass().getName());
        }
        b.append("</value>");
    }

    /** Finite doubles only: XML-RPC's double has no NaN or infinity. Plain decimal, no exponent. */
    private static String dbl(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("XML-RPC cannot carry the double " + d);
        }
        return new java.math.BigDecimal(Double.toString(d)).toPlainString();
    }

    /** Replaces characters XML 1.0 cannot carry (controls other than tab, LF, CR) by '?'. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(legal(c) ? c : '?'));
        return b.toString();
    }

    private static boolean legal(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (!Character.isSurrogate(c) && !legal(c)) {
                        throw new IllegalArgumentException("XML cannot carry the character U+"
                                + String.format(java.util.Locale.ROOT, "%04X", (int) c) + " in a string");
                    }
                    b.append(c);
                }
            }
        }
    }
}
