package org.paravane.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Client side of the daemon's control socket (docs/control.md): one command per line
 * out; the command's output back, ended by a line of NUL, the exit status, newline.
 */
public final class ControlClient implements AutoCloseable {

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
    }

    /**
     * Connects to the daemon's control socket.
     *
     * @throws IOException when no daemon listens there (the message names the socket)
     */
    public static ControlClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("no daemon answers on " + socket + " (" + e.getMessage()
                    + "); start one with: hv run", e);
        }
        return new ControlClient(channel);
    }

    /**
     * Runs one command, copying its output to {@code sink} as it arrives.
     *
     * @return the command's exit status
     * @throws IOException when the daemon goes away before the command ends
     */
    public int execute(String commandLine, OutputStream sink) throws IOException {
        if (commandLine.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command is one line");
        }
        out.write((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        boolean lineStart = true;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == 0 && lineStart) {
                return readStatus();
            }
            sink.write(b);
            lineStart = b == '\n';
        }
        sink.flush();
        throw new IOException("the daemon closed the connection before the command ended");
    }

    private int readStatus() throws IOException {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            digits.write(b);
        }
        try {
            return Integer.parseInt(digits.toString(StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new IOException("malformed status from the daemon: '" + digits + "'", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
