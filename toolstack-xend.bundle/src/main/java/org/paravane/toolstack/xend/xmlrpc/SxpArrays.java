package org.paravane.toolstack.xend.xmlrpc;

import java.util.ArrayList;
import java.util.List;
import org.paravane.toolstack.xend.sxp.Sxp;
import org.paravane.toolstack.xend.sxp.SxpAtom;
import org.paravane.toolstack.xend.sxp.SxpList;

/**
 * SXP on the XML-RPC wire: xend sent and received parsed SXP as nested arrays, an atom as
 * a string or, for numbers, an int (toolstack-facts.md B.3, B.4: integers are not
 * stringified on the legacy path).
 */
public final class SxpArrays {

    /** Deepest array nesting accepted for an SXP value. */
    public static final int MAX_DEPTH = 32;

    private SxpArrays() {
    }

    /**
     * The SXP a wire value stands for: arrays become lists; strings, ints and doubles
     * atoms; booleans the atoms 1 and 0. Anything else (a struct, nil, base64, a date) is
     * an ERROR_INTERNAL fault naming its position.
     */
    public static Sxp fromWire(Object value, String where) throws XmlRpcFault {
        return fromWire(value, where, 0);
    }

    private static Sxp fromWire(Object value, String where, int depth) throws XmlRpcFault {
        if (depth > MAX_DEPTH) {
            throw XendFaults.internal(where + ": SXP nested deeper than " + MAX_DEPTH + " lists");
        }
        return switch (value) {
            case String s -> new SxpAtom(s);
            case Integer i -> new SxpAtom(i.toString());
            case Double d -> new SxpAtom(d.toString());
            case Boolean b -> new SxpAtom(b ? "1" : "0");
            case List<?> l -> {
                List<Sxp> items = new ArrayList<>(l.size());
                int i = 0;
                for (Object o : l) {
                    items.add(fromWire(o, where + "[" + i + "]", depth + 1));
                    i++;
                }
                yield new SxpList(items);
            }
            case null -> throw XendFaults.internal(where + ": nil is not an SXP value");
            default -> throw XendFaults.internal(where + ": " + XmlRpcTypes.name(value)
                    + " is not an SXP value (expected an array, string or int)");
        };
    }

    /** The wire form of {@code sxp}: lists as arrays, atoms as strings. */
    public static Object toWire(Sxp sxp) {
        return switch (sxp) {
            case SxpAtom a -> a.value();
            case SxpList l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                for (Sxp s : l.items()) {
                    out.add(toWire(s));
                }
                yield out;
            }
        };
    }
}
