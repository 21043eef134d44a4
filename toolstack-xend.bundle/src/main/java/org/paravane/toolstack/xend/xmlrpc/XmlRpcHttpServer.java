package org.paravane.toolstack.xend.xmlrpc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * xend's XML-RPC transport: HTTP/1.1 with keep-alive (RFC 9112) on one listening
 * channel, Unix or TCP. Only {@code POST /RPC2} and {@code POST /} with a Content-Length
 * body are served; other methods get 405 (or 501), other paths 404, a missing length 411,
 * an oversize body 413, a foreign Content-Type 415. Each connection runs on a virtual
 * thread; at most {@code maxConnections} at once (more get 503), and one that sends no
 * complete request for {@code idleMillis} is closed.
 */
public final class XmlRpcHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XmlRpcHttpServer.class);

    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    /** Most bytes read and dropped after an error answer before the connection is closed. */
    private static final long LINGER_BYTES = 4L << 20;

    private final ServerSocketChannel listener;
    private final String name;
    private final XendXmlRpcEndpoint endpoint;
    private final Semaphore slots;
    private final long idleNanos;
    /** Open connections and the time their current read began (Long.MAX_VALUE while a call runs). */
    private final Map<SocketChannel, Long> reading = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private final Thread reaper;
    private volatile boolean closed;

    /**
     * Serves {@code endpoint} on {@code listener} (bound, blocking) until {@link #close()}.
     * {@code name} labels log lines ("unix /path", "tcp 127.0.0.1:8006").
     */
    public XmlRpcHttpServer(ServerSocketChannel listener, String name, XendXmlRpcEndpoint endpoint,
            int maxConnections, long idleMillis) {
        this.listener = listener;
        this.name = name;
        this.endpoint = endpoint;
        this.slots = new Semaphore(maxConnections);
        this.idleNanos = idleMillis * 1_000_000L;
        this.acceptor = Thread.ofPlatform().daemon().name("xend-xmlrpc " + name).unstarted(this::acceptLoop);
        this.reaper = Thread.ofVirtual().name("xend-xmlrpc-idle " + name).unstarted(this::reapLoop);
        acceptor.start();
        reaper.start();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel c;
            try {
                c = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("xend XML-RPC {}: accept failed", name, e);
                }
                return;
            }
            if (!slots.tryAcquire()) {
                Thread.ofVirtual().start(() -> refuseBusy(c));
                continue;
            }
            noDelay(c);
            reading.put(c, System.nanoTime());
            Thread.ofVirtual().name("xend-xmlrpc-conn").start(() -> {
                try {
                    serve(c);
                } finally {
                    reading.remove(c);
                    closeQuietly(c);
                    slots.release();
                }
            });
        }
    }

    /** Each response is one complete write, so Nagle's delay only costs (TCP only). */
    private void noDelay(SocketChannel c) {
        try {
            if (c.getLocalAddress() instanceof java.net.InetSocketAddress) {
                c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            LOG.debug("xend XML-RPC {}: cannot set TCP_NODELAY: {}", name, e.getMessage());
        }
    }

    private void refuseBusy(SocketChannel c) {
        try (c) {
            OutputStream out = Channels.newOutputStream(c);
            writeError(out, 503, "too many connections");
        } catch (IOException e) {
            LOG.debug("xend XML-RPC {}: refusing a connection failed", name, e);
        }
    }

    private void serve(SocketChannel c) {
        try {
            BufferedInputStream in = new BufferedInputStream(Channels.newInputStream(c), 16384);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(c), 16384);
            HttpRequestReader reader = new HttpRequestReader(in, endpoint.maxBodyBytes());
            while (!closed) {
                reading.put(c, System.nanoTime());
                HttpRequest r;
                try {
                    r = reader.next(() -> {
                        try {
                            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (HttpError e) {
                    writeError(out, e.status(), e.getMessage());
                    linger(c);
                    return;
                }
                if (r == null) {
                    return;
                }
                reading.put(c, Long.MAX_VALUE);
                boolean usable = respond(r, out);
                if (!usable) {
                    linger(c);
                    return;
                }
                if (!r.keepAlive()) {
                    return;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("xend XML-RPC {}: connection ended: {}", name, e.getMessage());
        }
    }

    /**
     * After an error answer, half-closes and reads what the client still sends (bounded by
     * {@link #LINGER_BYTES} and the idle limit), so that closing does not reset the
     * connection before the client has read the answer (RFC 9112 section 9.6).
     */
    private void linger(SocketChannel c) throws IOException {
        c.shutdownOutput();
        reading.put(c, System.nanoTime());
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
        long total = 0;
        while (total < LINGER_BYTES) {
            buf.clear();
            int n = c.read(buf);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    /** Answers {@code r}; false when the connection must close afterwards. */
    private boolean respond(HttpRequest r, OutputStream out) throws IOException {
        if (!r.method().equals("POST")) {
            if (KNOWN_METHODS.contains(r.method())) {
                write(out, 405, "text/plain", ("method " + r.method() + " not allowed; XML-RPC uses POST\n")
                        .getBytes(StandardCharsets.UTF_8), true, "Allow: POST\r\n");
                return true;
            }
            writeError(out, 501, "method '" + r.method() + "' is not implemented");
            return false;
        }
        if (!r.target().equals("/RPC2") && !r.target().equals("/")) {
            write(out, 404, "text/plain", ("no XML-RPC endpoint at " + r.target() + "; use /RPC2\n")
                    .getBytes(StandardCharsets.UTF_8), true, "");
            return true;
        }
        if (!r.headers().containsKey("content-length")) {
            writeError(out, 411, "a POST needs a Content-Length");
            return false;
        }
        String type = r.headers().getOrDefault("content-type", "text/xml").toLowerCase(Locale.ROOT);
        if (!type.startsWith("text/xml") && !type.startsWith("application/xml")) {
            write(out, 415, "text/plain", ("Content-Type '" + type + "' is not XML; XML-RPC sends text/xml\n")
                    .getBytes(StandardCharsets.UTF_8), true, "");
            return true;
        }
        byte[] response = endpoint.handle(r.body());
        write(out, 200, "text/xml", response, true, "");
        return true;
    }

    private static void writeError(OutputStream out, int status, String message) throws IOException {
        write(out, status, "text/plain", (message + "\n").getBytes(StandardCharsets.UTF_8), false, "");
    }

    private static void write(OutputStream out, int status, String type, byte[] body, boolean keepAlive,
            String extraHeaders) throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Server: paravane-xend\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + extraHeaders
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n";
        // head and body in one write: two segments would meet Nagle's algorithm and the
        // client's delayed ACK (about 40 ms per call on TCP)
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        out.write(all);
        out.flush();
    }

    /** Reason phrases of the statuses this server sends (RFC 9110 section 15). */
    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }

    /** Closes connections that started a read more than idleMillis ago (slow or silent clients). */
    private void reapLoop() {
        long tick = Math.max(10, Math.min(1000, idleNanos / 4_000_000L));
        while (!closed) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            reading.forEach((c, since) -> {
                if (since != Long.MAX_VALUE && now - since > idleNanos) {
                    closeQuietly(c);
                }
            });
        }
    }

    /** Open connections now (for tests and the log). */
    public int connections() {
        return reading.size();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        reading.keySet().forEach(XmlRpcHttpServer::closeQuietly);
        reaper.interrupt();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}
