package org.paravane.core.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The per-domain console log, {@code <log>/console-<name>-<domid>.log}. Written unbuffered
 * through a {@link FileChannel} (each write is in the file when it returns, so a reader or
 * a crash sees everything the guest printed), appended to when it exists.
 */
final class ConsoleLogFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;

    ConsoleLogFile(Path logDirectory, String domainName, int domid) throws IOException {
        Files.createDirectories(logDirectory);
        this.path = logDirectory.resolve(fileName(domainName, domid));
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /**
     * The file name for a domain. Domain names are printable ASCII but may hold '/', spaces
     * or dots that a path must not: everything outside {@code [A-Za-z0-9._-]} becomes '_',
     * and a leading dot too, so the name can neither leave the directory nor hide.
     */
    static String fileName(String domainName, int domid) {
        StringBuilder sb = new StringBuilder("console-");
        for (int i = 0; i < domainName.length(); i++) {
            char c = domainName.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '.' && i > 0);
            sb.append(ok ? c : '_');
        }
        return sb.append('-').append(domid).append(".log").toString();
    }

    Path path() {
        return path;
    }

    void write(byte[] data, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, off, len);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
