package org.paravane.toolstack.xend.xmlrpc;

import java.util.List;

/**
 * A method's parameters, checked like Python checked xend's: the count first, then each
 * type. Every violation is an ERROR_INTERNAL fault naming the method, the position and
 * what was expected.
 */
final class XmlRpcParams {

    private final String method;
    private final List<Object> values;

    private XmlRpcParams(String method, List<Object> values) {
        this.method = method;
        this.values = values;
    }

    /** Checks that {@code request} has between {@code min} and {@code max} params. */
    static XmlRpcParams of(XmlRpcRequest request, int min, int max, String usage) throws XmlRpcFault {
        int n = request.params().size();
        if (n < min || n > max) {
            String want = min == max ? Integer.toString(min) : min + " to " + max;
            throw XendFaults.internal(request.method() + "(" + usage + ") takes " + want + " parameter"
                    + (max == 1 ? "" : "s") + ", got " + n);
        }
        return new XmlRpcParams(request.method(), request.params());
    }

    int size() {
        return values.size();
    }

    Object get(int i) {
        return values.get(i);
    }

    /** A domain reference: a domid (int) or a name, domid or UUID (string). */
    String domainRef(int i) throws XmlRpcFault {
        return switch (values.get(i)) {
            case null -> throw wrong(i, "a domain (an int domid or a string name, domid or UUID)", null);
            case Integer id -> id.toString();
            case String s -> s;
            case Object o -> throw wrong(i, "a domain (an int domid or a string name, domid or UUID)", o);
        };
    }

    /** A flag: a boolean, or an int 0/1 as Python 2 clients sent. Absent: {@code fallback}. */
    boolean flag(int i, boolean fallback) throws XmlRpcFault {
        if (i >= values.size()) {
            return fallback;
        }
        return switch (values.get(i)) {
            case null -> throw wrong(i, "a boolean", null);
            case Boolean b -> b;
            case Integer n when n == 0 || n == 1 -> n == 1;
            case Object o -> throw wrong(i, "a boolean", o);
        };
    }

    /** A string. Absent: {@code fallback}. */
    String string(int i, String fallback) throws XmlRpcFault {
        if (i >= values.size()) {
            return fallback;
        }
        if (values.get(i) instanceof String s) {
            return s;
        }
        throw wrong(i, "a string", values.get(i));
    }

    private XmlRpcFault wrong(int i, String expected, Object got) {
        String shown = got instanceof Integer || got instanceof Boolean ? " " + got : "";
        return XendFaults.internal(method + ": parameter " + (i + 1) + " must be " + expected + ", got "
                + XmlRpcTypes.name(got) + shown);
    }
}
