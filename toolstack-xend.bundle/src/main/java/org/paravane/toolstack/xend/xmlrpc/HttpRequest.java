package org.paravane.toolstack.xend.xmlrpc;

import java.util.Map;

/**
 * One HTTP/1.x request as read from the wire.
 *
 * @param method  the request method (case-sensitive, RFC 9110 section 9.1)
 * @param target  the request target
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param headers header fields, names lower-cased, values trimmed
 * @param body    the body (Content-Length bytes)
 */
public record HttpRequest(String method, String target, String version, Map<String, String> headers, byte[] body) {

    /** Copies the headers. */
    public HttpRequest {
        headers = Map.copyOf(headers);
    }

    /**
     * Whether the connection stays open after the response: HTTP/1.1 unless
     * {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}
     * (RFC 9112 section 9.3).
     */
    public boolean keepAlive() {
        String c = headers.getOrDefault("connection", "").toLowerCase(java.util.Locale.ROOT);
        if (version.equals("HTTP/1.1")) {
            return !c.contains("close");
        }
        return c.contains("keep-alive");
    }
}
