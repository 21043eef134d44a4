package org.paravane.toolstack.xend.xmlrpc;

/**
 * xend's XML-RPC fault codes (XendClient's ERROR_*; toolstack-facts.md B.4). xend turned
 * every exception into one of these three; so does this server, protocol errors included.
 */
public final class XendFaults {

    /** Any exception not otherwise classed: bad XML, wrong parameters, unknown methods. */
    public static final int ERROR_INTERNAL = 1;

    /** XendError and its subclasses (VmError, VMBadState): the request was refused. */
    public static final int ERROR_GENERIC = 2;

    /** XendInvalidDomain: no such domain; the fault string is the reference as given. */
    public static final int ERROR_INVALID_DOMAIN = 3;

    private XendFaults() {
    }

    /** ERROR_INTERNAL. */
    public static XmlRpcFault internal(String message) {
        return new XmlRpcFault(ERROR_INTERNAL, message);
    }

    /** ERROR_GENERIC. */
    public static XmlRpcFault generic(String message) {
        return new XmlRpcFault(ERROR_GENERIC, message);
    }

    /** ERROR_INVALID_DOMAIN for the reference {@code ref} as the client sent it. */
    public static XmlRpcFault invalidDomain(String ref) {
        return new XmlRpcFault(ERROR_INVALID_DOMAIN, ref);
    }
}
