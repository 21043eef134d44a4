package org.paravane.core.io;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Binds the daemon's Unix domain sockets: in a directory of mode 0700, the socket file
 * itself 0600, so only the owner can connect whatever the umask was.
 */
public final class OwnerOnlySocket {

    /** sockaddr_un.sun_path holds 108 bytes including the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private OwnerOnlySocket() {
    }

    /**
     * Binds a listening socket at {@code path}, replacing a stale socket file (callers hold
     * the state-directory lock, so no live daemon owns it).
     *
     * @throws IOException when the path is too long for a Unix socket or binding fails
     */
    public static ServerSocketChannel bind(Path path) throws IOException {
        Path socket = path.toAbsolutePath();
        int len = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_PATH_BYTES) {
            throw new IOException("socket path is " + len + " bytes; Unix sockets allow at most "
                    + MAX_PATH_BYTES + ": " + socket + " (choose a shorter --state directory)");
        }
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(socket);
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
