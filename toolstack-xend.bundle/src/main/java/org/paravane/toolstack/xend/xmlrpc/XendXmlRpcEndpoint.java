package org.paravane.toolstack.xend.xmlrpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XML-RPC exchange: request body in, response body out. Decoding errors, faults from
 * the methods and unexpected exceptions all become fault responses (xend's code 1 for the
 * unexpected, with the exception's text), so a client always gets a methodResponse.
 */
public final class XendXmlRpcEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(XendXmlRpcEndpoint.class);

    private final XmlRpcParser parser;
    private final XendMethods methods;

    /** Decodes with {@code parser} and runs {@code methods}. */
    public XendXmlRpcEndpoint(XmlRpcParser parser, XendMethods methods) {
        this.parser = parser;
        this.methods = methods;
    }

    /** The largest request body accepted. */
    public int maxBodyBytes() {
        return parser.maxBytes();
    }

    /** Handles one request body. */
    public byte[] handle(byte[] body) {
        String method = "?";
        try {
            XmlRpcRequest request = parser.parse(body);
            method = request.method();
            Object result = methods.call(request);
            return XmlRpcWriter.response(result);
        } catch (XmlRpcFault f) {
            LOG.debug("xend XML-RPC {}: fault {}: {}", method, f.code(), f.faultString());
            return XmlRpcWriter.fault(f);
        } catch (RuntimeException e) {
            LOG.warn("xend XML-RPC {} failed", method, e);
            return XmlRpcWriter.fault(XendFaults.ERROR_INTERNAL, String.valueOf(e.getMessage()));
        }
    }
}
