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
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dom0 transport: a unix-domain stream socket speaking the xenstored wire protocol,
 * where Xen's libxenstore connects when {@code XENSTORED_PATH} names it. Every client is dom0
 * (socket access is the privilege: the socket file is 0600 in a 0700 directory).
 *
 * <p>Each client has two threads: a platform reader thread (lowest latency for the
 * request-reply round trip) that answers one request at a time and
 * writes the reply itself, and a virtual writer thread for watch events. A client that stops reading blocks
 * only its own threads: its reader waits in write with one reply in flight and takes no more
 * requests, and its events queue up to the connection's cap and are then dropped
 * ({@link Connection}). A header announcing more than 4096 payload bytes closes that
 * connection (§8.1).
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
        // sockaddr_un.sun_path holds 108 bytes with the NUL; libxenstore refuses longer paths.
        int len = socketPath.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (len >= 108) {
            throw new IOException("xenstored socket path is " + len + " bytes; unix sockets allow at most 107: "
                    + socketPath);
        }
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
                ReentrantLock writeLock = new ReentrantLock();
                Thread.ofPlatform().daemon().name("xenstored-read-" + conn.id()).start(() -> readLoop(client, conn, writeLock));
                Thread.ofVirtual().name("xenstored-write-" + conn.id()).start(() -> writeLoop(client, conn, writeLock));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    LOG.warn("xenstored accept failed", e);
                }
            }
        }
    }

    private void readLoop(SocketChannel client, Connection conn, ReentrantLock writeLock) {
        FrameDecoder decoder = new FrameDecoder();
        // One read() takes whatever the client sent (often a whole request, or several from
        // a pipelining client); the decoder copies each message out before it is checked.
        ByteBuffer buf = ByteBuffer.allocateDirect(16 * 1024);
        try {
            while (running) {
                buf.clear();
                if (client.read(buf) < 0) {
                    return;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    XsMessage m = decoder.feed(buf);
                    if (m == null) {
                        break;
                    }
                    // The reply is written by this thread, holding the write lock across the
                    // request so that events the request causes (a watch's initial fire) leave
                    // after its reply. A client that does not read blocks here, in its own
                    // thread: it has one reply in flight and no further request is read.
                    writeLock.lock();
                    try {
                        writeFully(client, daemon.call(conn, m).encode());
                    } finally {
                        writeLock.unlock();
                    }
                }
            }
        } catch (FrameDecoder.ProtocolViolation e) {
            LOG.warn("xenstored: closing {}: {}", conn, e.getMessage());
        } catch (IOException e) {
            LOG.debug("xenstored: {} read ended: {}", conn, e.getMessage());
        } finally {
            drop(client, conn);
        }
    }

    /** Sends watch events (the only frames queued for socket clients). */
    private void writeLoop(SocketChannel client, Connection conn, ReentrantLock writeLock) {
        try {
            byte[] frame;
            while ((frame = conn.take()) != null) {
                writeLock.lock();
                try {
                    writeFully(client, frame);
                } finally {
                    writeLock.unlock();
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

    private static void writeFully(SocketChannel client, byte[] frame) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        while (b.hasRemaining()) {
            client.write(b);
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
