package org.paravane.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Java peer of the xenstored ping-pong figure: a unix-socket server with one blocking
 * platform reader thread per client (as xenstored's socket transport), that answers every
 * complete wire request in what one read returned with a 21-byte READ reply ("hello") and
 * looks nothing up. Driven by the same {@link XsWireClient} as the daemon, it gives the JVM's
 * floor for a blocking SocketChannel request/reply round trip with the same message sizes.
 */
final class SocketEchoPeer implements AutoCloseable {

    private static final byte[] VALUE = "hello".getBytes();
    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    SocketEchoPeer(Path path) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        acceptor = Thread.ofPlatform().daemon().name("echo-accept").start(this::acceptLoop);
    }

    Path path() {
        return path;
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel c = server.accept();
                Thread.ofPlatform().daemon().name("echo-read").start(() -> serve(c));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void serve(SocketChannel c) {
        ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        try (c) {
            while (c.read(in) >= 0) {
                in.flip();
                while (in.remaining() >= 16 && in.remaining() >= 16 + in.getInt(in.position() + 12)) {
                    int p = in.position();
                    int len = in.getInt(p + 12);
                    out.putInt(in.getInt(p)).putInt(in.getInt(p + 4)).putInt(0).putInt(VALUE.length).put(VALUE);
                    in.position(p + 16 + len);
                }
                in.compact();
                out.flip();
                while (out.hasRemaining()) {
                    c.write(out);
                }
                out.clear();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
