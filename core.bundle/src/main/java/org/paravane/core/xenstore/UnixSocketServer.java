package org.paravane.core.xenstore;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dom0 transport: a unix-domain stream socket speaking the xenstored wire protocol,
 * where Xen's libxenstore connects when {@code XENSTORED_PATH} names it. Every client is dom0
 * (socket access is the privilege: the socket file is 0600 in a 0700 directory).
 *
 * <p>Each client has a reader and a writer virtual thread, so a client that stops reading
 * blocks only its own writer; its reader then stops taking requests once its reply queue
 * is full ({@link Connection#acceptingRequests()}). A header announcing more than 4096
 * payload bytes closes that connection (§8.1).
 */
public final class UnixSocketServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketServer.class);

    private final XenStoreDaemon daemon;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final Map<SocketChannel, Connection> clients = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean running = true;

    private UnixSocketServer(XenStoreDaemon daemon, Path socketPath, ServerSocketChannel server) {
        this.daemon = daemon;
        this.socketPath = socketPath;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("xenstored-accept").unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code socketPath} (creating its directory with mode 0700 and replacing a stale
     * socket file) and starts accepting.
     */
    public static UnixSocketServer start(XenStoreDaemon daemon, Path socketPath) throws IOException {
        Path dir = socketPath.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(socketPath);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socketPath));
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        UnixSocketServer s = new UnixSocketServer(daemon, socketPath, ch);
        s.acceptor.start();
        LOG.info("xenstored listening on {}", socketPath);
        return s;
    }

    /** The socket file. */
    public Path socketPath() {
        return socketPath;
    }

    /** Number of connected clients. */
    public int clientCount() {
        return clients.size();
    }

    /** Frames queued in the daemon for all socket clients (bounded by the output caps). */
    public int queuedFrames() {
        int n = 0;
        for (Connection c : clients.values()) {
            n += c.queuedFrames();
        }
        return n;
    }

    private void acceptLoop() {
        while (running) {
            try {
                SocketChannel client = server.accept();
                Connection conn = daemon.connect(0, c -> { });
                clients.put(client, conn);
                Thread.ofVirtual().name("xenstored-read-" + conn.id()).start(() -> readLoop(client, conn));
                Thread.ofVirtual().name("xenstored-write-" + conn.id()).start(() -> writeLoop(client, conn));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    LOG.warn("xenstored accept failed", e);
                }
            }
        }
    }

    private void readLoop(SocketChannel client, Connection conn) {
        FrameDecoder decoder = new FrameDecoder();
        ByteBuffer buf = ByteBuffer.allocate(XsMessage.HEADER_SIZE + XsMessage.PAYLOAD_MAX);
        try {
            while (running) {
                // Back-pressure: a client with a full reply queue is not served until it reads.
                while (!conn.awaitAcceptingRequests(1, TimeUnit.SECONDS)) {
                    if (conn.isClosed() || !running) {
                        return;
                    }
                }
                if (conn.isClosed()) {
                    return;
                }
                buf.clear().limit(decoder.wanted());
                if (client.read(buf) < 0) {
                    return;
                }
                buf.flip();
                XsMessage m = decoder.feed(buf);
                if (m != null) {
                    daemon.handle(conn, m);
                }
            }
        } catch (FrameDecoder.ProtocolViolation e) {
            LOG.warn("xenstored: closing {}: {}", conn, e.getMessage());
        } catch (IOException e) {
            LOG.debug("xenstored: {} read ended: {}", conn, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drop(client, conn);
        }
    }

    private void writeLoop(SocketChannel client, Connection conn) {
        try {
            byte[] frame;
            while ((frame = conn.take()) != null) {
                ByteBuffer b = ByteBuffer.wrap(frame);
                while (b.hasRemaining()) {
                    client.write(b);
                }
            }
        } catch (IOException e) {
            LOG.debug("xenstored: {} write ended: {}", conn, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drop(client, conn);
        }
    }

    private void drop(SocketChannel client, Connection conn) {
        daemon.disconnect(conn);
        clients.remove(client);
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("close of {} failed: {}", conn, e.getMessage());
        }
    }

    /** Stops accepting, closes every client and removes the socket file. */
    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        for (SocketChannel c : clients.keySet()) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("close failed: {}", e.getMessage());
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socketPath);
        LOG.info("xenstored stopped listening on {}", socketPath);
    }
}
