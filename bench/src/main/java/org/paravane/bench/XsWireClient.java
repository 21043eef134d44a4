package org.paravane.bench;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A minimal xenstored wire client for the benchmark (xen-abi-facts §8.1): encodes requests
 * into one reusable buffer and sends them in batches, so the client itself allocates nothing
 * per request and costs one write per batch. Replies are matched by count, not parsed beyond
 * the header (the benchmark checks the type of every reply so an error cannot pass for speed).
 */
final class XsWireClient implements AutoCloseable {

    static final int READ = 2;
    static final int DIRECTORY = 1;
    static final int WATCH = 4;
    static final int TRANSACTION_START = 6;
    static final int TRANSACTION_END = 7;
    static final int WRITE = 11;
    static final int WATCH_EVENT = 15;
    static final int ERROR = 16;

    private final SocketChannel ch;
    private final ByteBuffer out = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private int reqId;
    /** Type and payload of the last reply taken. */
    int lastType;
    int lastTx;
    final byte[] lastPayload = new byte[4096];
    int lastLen;

    XsWireClient(Path socket) throws IOException {
        this(socket, false);
    }

    /**
     * A client; with {@code spin} its socket is non-blocking and it waits for replies by
     * retrying reads without ever sleeping (a busy CPU per client: a benchmark mode only,
     * reported separately from the blocking figure, which is what libxenstore does).
     */
    XsWireClient(Path socket, boolean spin) throws IOException {
        ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        if (spin) {
            ch.configureBlocking(false);
        }
        in.flip();
    }

    /** Appends one request to the send buffer. */
    void queue(int type, int tx, byte[] payload) {
        out.putInt(type).putInt(++reqId).putInt(tx).putInt(payload.length).put(payload);
    }

    /** Sends everything queued. */
    void send() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
        out.clear();
    }

    /** Reads the next message into lastType/lastPayload. */
    void take() throws IOException {
        fill(16);
        lastType = in.getInt();
        in.getInt();
        lastTx = in.getInt();
        int len = in.getInt();
        fill(len);
        in.get(lastPayload, 0, len);
        lastLen = len;
    }

    /** Reads the next message and fails unless it has the expected type. */
    void expect(int type) throws IOException {
        take();
        if (lastType != type) {
            throw new IOException("expected reply type " + type + ", got " + lastType + ": "
                    + new String(lastPayload, 0, lastLen, StandardCharsets.UTF_8));
        }
    }

    /** One request, one reply. */
    void call(int type, int tx, byte[] payload) throws IOException {
        queue(type, tx, payload);
        send();
        expect(type);
    }

    String lastText() {
        int n = lastLen > 0 && lastPayload[lastLen - 1] == 0 ? lastLen - 1 : lastLen;
        return new String(lastPayload, 0, n, StandardCharsets.UTF_8);
    }

    private void fill(int n) throws IOException {
        if (in.remaining() >= n) {
            return;
        }
        in.compact();
        while (in.position() < n) {
            int got = ch.read(in);
            if (got < 0) {
                throw new IOException("xenstored closed the connection");
            }
            if (got == 0) {
                Thread.onSpinWait(); // only a spinning (non-blocking) client gets 0
            }
        }
        in.flip();
    }

    static byte[] nul(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append(p).append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] cat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
