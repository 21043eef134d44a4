package org.paravane.core.xenstore;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A minimal blocking wire client for socket tests. */
final class SocketClient implements AutoCloseable {

    final SocketChannel ch;
    private int reqId = 1;

    SocketClient(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
    }

    void send(byte[] frame) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads one frame; null at end of stream. */
    XsMessage receive() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        if (!fill(h)) {
            return null;
        }
        ByteBuffer p = ByteBuffer.allocate(h.getInt(12));
        if (!fill(p)) {
            return null;
        }
        return new XsMessage(h.getInt(0), h.getInt(4), h.getInt(8), p.array());
    }

    private boolean fill(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Sends a request and returns the next non-event frame. */
    XsMessage call(XsType t, String... parts) throws IOException {
        send(XsMessage.strings(t, reqId++, 0, parts).encode());
        XsMessage m;
        do {
            m = receive();
        } while (m != null && m.type() == XsType.WATCH_EVENT.number());
        return m;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
