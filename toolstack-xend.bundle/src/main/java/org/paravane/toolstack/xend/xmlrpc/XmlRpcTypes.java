package org.paravane.toolstack.xend.xmlrpc;

import java.util.List;
import java.util.Map;

/** XML-RPC type names of decoded values, for fault messages. */
public final class XmlRpcTypes {

    private XmlRpcTypes() {
    }

    /** The XML-RPC element name of {@code value}'s type ("int", "struct", "nil", ...). */
    public static String name(Object value) {
        return switch (value) {
            case null -> "nil";
            case Integer i -> "int";
            case Boolean b -> "boolean";
            case String s -> "string";
            case Double d -> "double";
            case XmlRpcDateTime t -> "dateTime.iso8601";
            case byte[] b -> "base64";
            case Map<?, ?> m -> "struct";
            case List<?> l -> "array";
            default -> value.getClass().getSimpleName();
        };
    }
}
