package org.paravane.lib.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlySocketTest {

    @TempDir
    Path tmp;

    @Test
    void bindsOwnerOnlyInAnOwnerOnlyDirectoryAndAccepts() throws Exception {
        Path sock = tmp.resolve("state/control.sock");
        try (ServerSocketChannel server = OwnerOnlySocket.bind(sock)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(sock));
                try (SocketChannel accepted = server.accept()) {
                    client.write(ByteBuffer.wrap(new byte[] {42}));
                    ByteBuffer b = ByteBuffer.allocate(1);
                    accepted.read(b);
                    assertEquals(42, b.get(0));
                }
            }
        }
    }

    @Test
    void replacesAStaleSocketLeftByAKilledDaemon() throws Exception {
        Path sock = tmp.resolve("s.sock");
        OwnerOnlySocket.bind(sock).close(); // closing a channel leaves the socket file behind
        assertTrue(Files.exists(sock));
        try (ServerSocketChannel again = OwnerOnlySocket.bind(sock);
                SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
            assertTrue(client.isConnected());
        }
    }

    @Test
    void refusesToReplaceARegularFileADirectoryOrALink() throws Exception {
        Path file = tmp.resolve("file.sock");
        Files.writeString(file, "not a socket");
        assertTrue(assertThrows(IOException.class, () -> OwnerOnlySocket.bind(file)).getMessage()
                .contains("is not a socket"));
        assertEquals("not a socket", Files.readString(file));

        Path dir = Files.createDirectories(tmp.resolve("dir.sock"));
        assertThrows(IOException.class, () -> OwnerOnlySocket.bind(dir));
        assertTrue(Files.isDirectory(dir));

        Path stale = tmp.resolve("real.sock");
        OwnerOnlySocket.bind(stale).close();
        Path link = Files.createSymbolicLink(tmp.resolve("link.sock"), stale);
        assertThrows(IOException.class, () -> OwnerOnlySocket.bind(link));
        assertTrue(Files.exists(stale), "the link's target is untouched");
    }

    @Test
    void refusesAPathTooLongForSunPath() {
        Path longPath = tmp.resolve("x".repeat(120) + ".sock");
        IOException e = assertThrows(IOException.class, () -> OwnerOnlySocket.bind(longPath));
        assertTrue(e.getMessage().contains("at most 107"), e.getMessage());
        assertTrue(e.getMessage().contains(longPath.toString()), e.getMessage());
    }
}
