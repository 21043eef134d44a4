package org.paravane.lib.io;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Binds the daemon's listening Unix domain sockets (control socket, xenstored's socket,
 * xend's XML-RPC socket) so that only their owner can connect, whatever the umask: the
 * parent directory is made 0700 <em>before</em> the bind, so no other user can reach the
 * socket even in the moment before the socket file itself is set to 0600.
 */
public final class OwnerOnlySocket {

    /** sockaddr_un.sun_path holds 108 bytes including the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private OwnerOnlySocket() {
    }

    /**
     * Binds a listening socket at {@code path}. A stale socket file (left by a killed
     * daemon) is replaced; callers hold the state-directory lock, so no live daemon owns it.
     * Anything else at that path (a regular file, a directory, a symbolic link) is refused.
     *
     * @throws IOException when the path is too long for a Unix socket, something other than
     *                     a socket is in the way, or binding fails
     */
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
        removeStaleSocket(socket);
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

    private static void removeStaleSocket(Path socket) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return;
        }
        if (!attrs.isOther()) { // a socket is "other": neither file, directory nor link
            throw new IOException(socket + " exists and is not a socket; refusing to replace it");
        }
        Files.delete(socket);
    }
}
