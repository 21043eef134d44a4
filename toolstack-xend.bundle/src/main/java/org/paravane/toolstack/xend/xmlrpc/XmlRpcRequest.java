package org.paravane.toolstack.xend.xmlrpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A decoded {@code methodCall}. Parameter values are Java objects: Integer (int, i4),
 * Boolean, String, Double, {@link XmlRpcDateTime}, byte[] (base64), Map (struct, in
 * member order), List (array), and null for {@code <nil/>}.
 *
 * @param method the methodName
 * @param params the params, possibly empty
 */
public record XmlRpcRequest(String method, List<Object> params) {

    /** Freezes the params (which may hold null, so not List.copyOf). */
    public XmlRpcRequest {
        Objects.requireNonNull(method, "method");
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }
}
