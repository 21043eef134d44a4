package org.paravane.toolstack.xend.xmlrpc;

/**
 * An XML-RPC fault: {@code <fault>} with {@code faultCode} and {@code faultString}. The
 * dispatcher throws it; the server encodes it as the response. Codes follow xend
 * ({@link XendFaults}).
 */
public final class XmlRpcFault extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;

    /** A fault with xend's {@code code} and the text the client will show. */
    public XmlRpcFault(int code, String faultString) {
        super(faultString);
        this.code = code;
    }

    /** A fault that wraps its cause (kept for the log). */
    public XmlRpcFault(int code, String faultString, Throwable cause) {
        super(faultString, cause);
        this.code = code;
    }

    /** The faultCode member. */
    public int code() {
        return code;
    }

    /** The faultString member. */
    public String faultString() {
        return getMessage();
    }
}
