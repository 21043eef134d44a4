package org.paravane.toolstack.xend.xmlrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.x requests from a stream (RFC 9112): request line, header fields, and a
 * body framed by Content-Length only. Limits: {@link #MAX_LINE} bytes per line,
 * {@link #MAX_HEADERS} fields, and the body size given at construction. What cannot be
 * read safely is an {@link HttpError} with the status to answer.
 */
public final class HttpRequestReader {

    /** Longest request line or header field, in bytes. */
    public static final int MAX_LINE = 8192;

    /** Most header fields in one request. */
    public static final int MAX_HEADERS = 100;

    private final InputStream in;
    private final int maxBody;

    /** A reader of {@code in} refusing bodies larger than {@code maxBody} bytes. */
    public HttpRequestReader(InputStream in, int maxBody) {
        this.in = in;
        this.maxBody = maxBody;
    }

    /**
     * The next request, or null when the peer closed the connection between requests.
     * {@code continueHook} runs before the body is read when the client sent
     * {@code Expect: 100-continue}.
     */
    public HttpRequest next(Runnable continueHook) throws IOException, HttpError {
        String line = line(true);
        while (line != null && line.isEmpty()) {
            line = line(true); // RFC 9112 section 2.2: ignore empty lines before a request line
        }
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new HttpError(400, "malformed request line");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpError(505, "HTTP version '" + version + "' is not supported; use HTTP/1.1");
        }
        Map<String, String> headers = new HashMap<>();
        for (int n = 0;; n++) {
            String h = line(false);
            if (h.isEmpty()) {
                break;
            }
            if (n >= MAX_HEADERS) {
                throw new HttpError(431, "more than " + MAX_HEADERS + " header fields");
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || h.charAt(0) == ' ' || h.charAt(0) == '\t' || h.charAt(colon - 1) == ' ') {
                throw new HttpError(400, "malformed header field");
            }
            String name = h.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            if (headers.containsKey(name) && (name.equals("content-length") || name.equals("host"))) {
                throw new HttpError(400, "header field '" + name + "' appears twice");
            }
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        HttpRequest head = new HttpRequest(parts[0], parts[1], version, headers, new byte[0]);
        if (headers.containsKey("transfer-encoding")) {
            throw new HttpError(411, "Transfer-Encoding is not supported; send the body with a Content-Length");
        }
        String cl = headers.get("content-length");
        if (cl == null) {
            return head;
        }
        if (!cl.matches("[0-9]{1,10}")) {
            throw new HttpError(400, "Content-Length '" + cl + "' is not a decimal byte count");
        }
        long length = Long.parseLong(cl);
        if (length > maxBody) {
            throw new HttpError(413, "request body of " + length + " bytes exceeds the limit of " + maxBody);
        }
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            continueHook.run();
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        return new HttpRequest(parts[0], parts[1], version, headers, body);
    }

    /** One CRLF- (or LF-) terminated line; null at a clean end of stream when {@code eofOk}. */
    private String line(boolean eofOk) throws IOException, HttpError {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (eofOk && b.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed in the middle of a request head");
            }
            if (c == '\n') {
                break;
            }
            if (b.size() >= MAX_LINE) {
                throw new HttpError(431, "request line or header field longer than " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        for (int i = 0; i < len; i++) {
            if (bytes[i] == 0 || bytes[i] == '\r') {
                throw new HttpError(400, "control character in the request head");
            }
        }
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
    }
}
