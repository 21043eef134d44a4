package org.paravane.toolstack.xend.xmlrpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Binds the Unix socket xm connected to ({@code /var/run/xend/xmlrpc.sock} in Xen; here
 * {@code <state>/xend/xmlrpc.sock}) with owner-only access: the directory is made 0700
 * before the bind, so no other user can reach the socket even in the moment before the
 * socket file itself is set to 0600.
 */
public final class UnixSocketBinder {

    /** sockaddr_un.sun_path: 108 bytes including the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private UnixSocketBinder() {
    }

    /** Binds at {@code path}, replacing a stale socket file (the caller owns the state directory). */
    public static ServerSocketChannel bind(Path path) throws IOException {
        Path socket = path.toAbsolutePath();
        int len = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_PATH_BYTES) {
            throw new IOException("socket path is " + len + " bytes; Unix sockets allow at most " + MAX_PATH_BYTES
                    + ": " + socket + " (choose a shorter --state directory)");
        }
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (Files.exists(socket) && !Files.isDirectory(socket) && !Files.isRegularFile(socket)) {
            Files.delete(socket);
        } else if (Files.exists(socket)) {
            throw new IOException(socket + " exists and is not a socket; refusing to replace it");
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }
}
