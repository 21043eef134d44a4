package org.paravane.core.xenstore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reassembles messages from a byte stream (a socket, or the request ring). Bytes are copied
 * into a private buffer before any field is checked, so a peer cannot change a header after
 * validation. A header announcing more than {@link XsMessage#PAYLOAD_MAX} bytes is a protocol
 * violation: the caller must close the connection (xen-abi-facts §8.1).
 */
public final class FrameDecoder {

    /** Thrown when the stream can no longer be trusted. */
    public static final class ProtocolViolation extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolViolation(String message) {
            super(message);
        }
    }

    private final byte[] header = new byte[XsMessage.HEADER_SIZE];
    private int headerFill;
    private byte[] payload;
    private int payloadFill;

    /** Bytes still needed to complete the message in progress (header first). */
    public int wanted() {
        if (headerFill < header.length) {
            return header.length - headerFill;
        }
        return payload.length - payloadFill;
    }

    /** True if a message was started but not finished. */
    public boolean partial() {
        return headerFill > 0;
    }

    /** Drops a partial message (ring reconnect, §8.8). */
    public void reset() {
        headerFill = 0;
        payload = null;
        payloadFill = 0;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the current message. Returns the
     * message when complete, else {@code null} (call again with more bytes).
     */
    public XsMessage feed(ByteBuffer in) throws ProtocolViolation {
        if (headerFill < header.length) {
            int n = Math.min(in.remaining(), header.length - headerFill);
            in.get(header, headerFill, n);
            headerFill += n;
            if (headerFill < header.length) {
                return null;
            }
            long len = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(12) & 0xFFFF_FFFFL;
            if (len > XsMessage.PAYLOAD_MAX) {
                throw new ProtocolViolation("message payload length " + len + " exceeds " + XsMessage.PAYLOAD_MAX);
            }
            payload = new byte[(int) len];
            payloadFill = 0;
        }
        int n = Math.min(in.remaining(), payload.length - payloadFill);
        in.get(payload, payloadFill, n);
        payloadFill += n;
        if (payloadFill < payload.length) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        XsMessage m = new XsMessage(h.getInt(0), h.getInt(4), h.getInt(8), payload);
        reset();
        return m;
    }
}
