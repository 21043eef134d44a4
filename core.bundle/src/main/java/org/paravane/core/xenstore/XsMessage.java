package org.paravane.core.xenstore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One XenStore message: the 16-byte {@code xsd_sockmsg} header (type, req_id, tx_id, len,
 * all little-endian u32, xen-abi-facts §8.1) and its payload.
 *
 * @param type    the raw type number (may be one this daemon does not know)
 * @param reqId   the client's request id, echoed in the reply
 * @param txId    the transaction id, 0 for none
 * @param payload the payload bytes (at most {@link #PAYLOAD_MAX})
 */
public record XsMessage(int type, int reqId, int txId, byte[] payload) {

    /** Size of the header. */
    public static final int HEADER_SIZE = 16;
    /** {@code XENSTORE_PAYLOAD_MAX}. */
    public static final int PAYLOAD_MAX = 4096;

    /** Rejects payloads the wire cannot carry. */
    public XsMessage {
        if (payload == null) {
            throw new IllegalArgumentException("payload is null");
        }
        if (payload.length > PAYLOAD_MAX) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + PAYLOAD_MAX);
        }
    }

    /** A message of a known type. */
    public static XsMessage of(XsType type, int reqId, int txId, byte[] payload) {
        return new XsMessage(type.number(), reqId, txId, payload);
    }

    /** A request whose payload is the given strings, each followed by a NUL. */
    public static XsMessage strings(XsType type, int reqId, int txId, String... parts) {
        return of(type, reqId, txId, joinNul(parts));
    }

    /** The strings each followed by NUL, concatenated. */
    public static byte[] joinNul(String... parts) {
        int n = 0;
        byte[][] enc = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            enc[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            n += enc[i].length + 1;
        }
        byte[] out = new byte[n];
        int p = 0;
        for (byte[] e : enc) {
            System.arraycopy(e, 0, out, p, e.length);
            p += e.length + 1;
        }
        return out;
    }

    /** Splits a payload on NULs; a trailing part without NUL is returned as the last element. */
    public static List<String> splitNul(byte[] payload) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                out.add(new String(payload, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < payload.length) {
            out.add(new String(payload, start, payload.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The known type, or {@code null}. */
    public XsType knownType() {
        return XsType.of(type);
    }

    /** The payload as text without its trailing NUL (for replies such as {@code OK\0}). */
    public String text() {
        int n = payload.length;
        if (n > 0 && payload[n - 1] == 0) {
            n--;
        }
        return new String(payload, 0, n, StandardCharsets.UTF_8);
    }

    /** Size of the encoded frame. */
    public int frameSize() {
        return HEADER_SIZE + payload.length;
    }

    /**
     * Appends the frame to {@code out} (which must have {@link #frameSize()} bytes left), so a
     * transport can batch replies in one buffer without allocating per message.
     */
    public void encodeInto(ByteBuffer out) {
        ByteOrder was = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(reqId).putInt(txId).putInt(payload.length).put(payload);
        out.order(was);
    }

    /** Header and payload as one wire frame. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(reqId).putInt(txId).putInt(payload.length).put(payload);
        return b.array();
    }
}
