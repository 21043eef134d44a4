package org.paravane.toolstack.xend.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.lib.io.OwnerOnlySocket;

/** The HTTP/1.1 layer on real sockets, spoken to byte by byte. */
class XmlRpcHttpServerTest {

    private static final String CALL = "<?xml version='1.0'?><methodCall><methodName>xend.domains</methodName>"
            + "<params><param><value><boolean>0</boolean></value></param></params></methodCall>";

    @TempDir
    Path tmp;

    private CoreFixture core;
    private XendXmlRpcEndpoint endpoint;
    private XmlRpcHttpServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        core = new CoreFixture(tmp);
        endpoint = new XendXmlRpcEndpoint(new XmlRpcParser(4096), new XendMethods(core.control(), core.builder(),
                new XendNodeInfo("h", "Linux", "1", "amd64", 1, 0), w -> { }));
        server = tcpServer(8, 60_000);
    }

    private XmlRpcHttpServer tcpServer(int maxConnections, long idleMillis) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        address = (InetSocketAddress) ch.getLocalAddress();
        return new XmlRpcHttpServer(ch, "tcp test", endpoint, maxConnections, idleMillis);
    }

    @AfterEach
    void stop() {
        server.close();
        core.close();
    }

    record Response(int status, Map<String, String> headers, String body) {
    }

    /** Reads one response; null at end of stream. */
    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return null;
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).toLowerCase(Locale.ROOT), h.substring(c + 1).strip());
        }
        int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(status, headers, new String(in.readNBytes(len), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String post(String path, String body, String extra) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n" + extra
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void keepAliveServesSeveralCallsOnOneConnection() throws Exception {
        try (SocketChannel c = SocketChannel.open(address)) {
            InputStream in = Channels.newInputStream(c);
            OutputStream out = Channels.newOutputStream(c);
            send(out, post("/RPC2", CALL, "") + post("/", CALL, ""));
            for (int i = 0; i < 2; i++) {
                Response r = read(in);
                assertEquals(200, r.status());
                assertEquals("text/xml", r.headers().get("content-type"));
                assertTrue(r.body().contains("<string>Domain-0</string>"), r.body());
                assertTrue(!r.headers().containsKey("connection"), "stays open");
            }
            send(out, "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n");
            Response get = read(in);
            assertEquals(405, get.status());
            assertEquals("POST", get.headers().get("allow"));
            send(out, post("/elsewhere", CALL, ""));
            assertEquals(404, read(in).status());
            send(out, post("/RPC2", "{}", "Content-Type: application/json\r\n").replace(
                    "Content-Type: text/xml\r\n", ""));
            assertEquals(415, read(in).status());
            send(out, post("/RPC2", "<oops", ""));
            Response bad = read(in);
            assertEquals(200, bad.status(), "an XML-RPC error is a fault inside a 200 response");
            assertTrue(bad.body().contains("<name>faultCode</name><value><int>1</int>"), bad.body());
            assertTrue(bad.body().contains("malformed XML"), bad.body());
            send(out, post("/RPC2", CALL, "Connection: close\r\n"));
            assertEquals(200, read(in).status());
            assertEquals(null, read(in), "closed after Connection: close");
        }
    }

    private Response once(String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(address)) {
            send(Channels.newOutputStream(c), request);
            InputStream in = Channels.newInputStream(c);
            Response r = read(in);
            if (r.status() >= 400 && !"close".equals(r.headers().get("connection"))) {
                return r;
            }
            assertEquals(null, read(in), "connection closed after " + r.status());
            return r;
        }
    }

    @Test
    void malformedRequestsGetTheirStatus() throws Exception {
        assertEquals(411, once("POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n").status());
        assertEquals(411, once("POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status());
        Response big = once("POST /RPC2 HTTP/1.1\r\nContent-Length: 4097\r\n\r\n");
        assertEquals(413, big.status());
        assertTrue(big.body().contains("4097 bytes exceeds the limit of 4096"), big.body());
        assertEquals(400, once("POST /RPC2 HTTP/1.1\r\nContent-Length: -1\r\n\r\n").status());
        assertEquals(400, once("POST /RPC2 HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx").status());
        assertEquals(400, once("garbage\r\n\r\n").status());
        assertEquals(400, once("POST /RPC2 HTTP/1.1\r\nno colon\r\n\r\n").status());
        assertEquals(505, once("POST /RPC2 HTTP/2.0\r\n\r\n").status());
        assertEquals(501, once("BREW /RPC2 HTTP/1.1\r\nContent-Length: 0\r\n\r\n").status());
        assertEquals(431, once("POST /RPC2 HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n").status());
        StringBuilder many = new StringBuilder("POST /RPC2 HTTP/1.1\r\n");
        for (int i = 0; i < 101; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(431, once(many.append("\r\n").toString()).status());
    }

    @Test
    void expectContinueAndHttp10() throws Exception {
        try (SocketChannel c = SocketChannel.open(address)) {
            InputStream in = Channels.newInputStream(c);
            OutputStream out = Channels.newOutputStream(c);
            send(out, "POST /RPC2 HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: " + CALL.length() + "\r\n\r\n");
            assertEquals(100, read(in).status());
            send(out, CALL);
            assertEquals(200, read(in).status());
        }
        Response r10 = once("POST /RPC2 HTTP/1.0\r\nContent-Length: " + CALL.length() + "\r\n\r\n" + CALL);
        assertEquals(200, r10.status());
    }

    @Test
    void connectionsBeyondTheLimitGet503AndIdleOnesAreClosed() throws Exception {
        server.close();
        server = tcpServer(1, 300);
        try (SocketChannel first = SocketChannel.open(address)) {
            // the first holds the only slot until the idle reaper closes it
            try (SocketChannel second = SocketChannel.open(address)) {
                InputStream in = Channels.newInputStream(second);
                Response busy = read(in);
                assertEquals(503, busy.status());
                assertEquals(null, read(in));
            }
            assertEquals(-1, Channels.newInputStream(first).read(), "idle connection closed by the server");
        }
    }

    @Test
    void unixSocketIsOwnerOnlyAndServes() throws Exception {
        Path sock = tmp.resolve("xend/xmlrpc.sock");
        try (XmlRpcHttpServer unix = new XmlRpcHttpServer(OwnerOnlySocket.bind(sock), "unix test", endpoint, 4,
                60_000)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(sock));
                send(Channels.newOutputStream(c), post("/RPC2", CALL, ""));
                Response r = read(Channels.newInputStream(c));
                assertEquals(200, r.status());
                assertTrue(r.body().contains("Domain-0"), r.body());
            }
        }
        // a stale socket file is replaced; a regular file is not
        OwnerOnlySocket.bind(sock).close();
        Files.delete(sock);
        Files.writeString(sock, "not a socket");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> OwnerOnlySocket.bind(sock));
        assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
        Path longPath = tmp.resolve("x".repeat(120) + ".sock");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> OwnerOnlySocket.bind(longPath)).getMessage().contains("at most 107"));
    }
}
