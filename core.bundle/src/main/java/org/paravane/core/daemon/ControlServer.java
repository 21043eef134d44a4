package org.paravane.core.daemon;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.paravane.lib.io.OwnerOnlySocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket: a Unix domain socket on which thin clients ({@code hv
 * shell}, and later xl/xe) run commands.
 *
 * <p>Wire protocol (docs/control.md): the client sends one command per line in UTF-8;
 * the server runs it and answers with the command's output followed by a terminator
 * line made of a NUL byte, the decimal exit status and a newline. Output never contains
 * NUL (it is replaced by '?'), so the terminator cannot be forged by a command. A
 * connection is one session: state set by one command is seen by the next.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** Longest command line accepted, in characters; longer lines end the connection. */
    public static final int MAX_LINE = 64 * 1024;

    private final Path path;
    private final ServerSocketChannel server;
    private final ControlSession.Factory sessions;
    private final ExecutorService threads;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();

    private ControlServer(Path path, ServerSocketChannel server, ControlSession.Factory sessions) {
        this.path = path;
        this.server = server;
        this.sessions = sessions;
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("control-", 0).factory());
    }

    /**
     * Binds the socket at {@code path} (replacing a stale socket file left by a dead
     * daemon: the caller holds the state-directory lock, so no live daemon owns it) with
     * owner-only permissions, and starts accepting.
     */
    public static ControlServer start(Path path, ControlSession.Factory sessions) throws IOException {
        ServerSocketChannel server = OwnerOnlySocket.bind(path);
        ControlServer control = new ControlServer(path, server, sessions);
        control.threads.execute(control::acceptLoop);
        return control;
    }

    /** The socket file. */
    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                clients.add(client);
                threads.execute(() -> serve(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("control socket {}: accept failed: {}", path, e.toString());
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
             PrintStream out = new PrintStream(new NulFilter(Channels.newOutputStream(client)), false, StandardCharsets.UTF_8);
             ControlSession session = sessions.open(out)) {
            String line;
            while ((line = readLine(in)) != null) {
                int status;
                try {
                    status = session.execute(line);
                } catch (RuntimeException e) {
                    out.println("error: " + e.getMessage());
                    LOG.warn("control command '{}' failed", line, e);
                    status = 1;
                }
                out.flush();
                client.write(ByteBuffer.wrap(("\0" + status + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (IOException e) {
            LOG.debug("control client went away: {}", e.toString());
        } finally {
            clients.remove(client);
        }
    }

    /** Reads a line, refusing lines longer than {@link #MAX_LINE}. */
    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("command line longer than " + MAX_LINE + " characters");
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Stops accepting, closes every client and removes the socket file. */
    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : clients) {
            c.close();
        }
        threads.shutdownNow();
        Files.deleteIfExists(path);
    }

    /** Replaces NUL bytes so command output can never contain the terminator's marker. */
    private static final class NulFilter extends FilterOutputStream {
        NulFilter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b == 0 ? '?' : b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] copy = Arrays.copyOfRange(b, off, off + len);
            for (int i = 0; i < copy.length; i++) {
                if (copy[i] == 0) {
                    copy[i] = '?';
                }
            }
            out.write(copy, 0, copy.length);
        }
    }
}
