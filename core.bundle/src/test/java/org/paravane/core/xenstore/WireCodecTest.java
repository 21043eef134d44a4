package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Test
    void headerIsLittleEndianTypeReqTxLen() {
        byte[] f = XsMessage.strings(XsType.READ, 0x01020304, 7, "/a").encode();
        assertEquals(16 + 3, f.length);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, b.getInt(0));
        assertEquals(0x04, f[4]); // little-endian: low byte first
        assertEquals(0x01020304, b.getInt(4));
        assertEquals(7, b.getInt(8));
        assertEquals(3, b.getInt(12));
        assertEquals('/', f[16]);
        assertEquals(0, f[18]);
    }

    @Test
    void decoderReassemblesByteByByte() throws Exception {
        byte[] f1 = XsMessage.strings(XsType.WRITE, 5, 0, "/x", "v").encode();
        byte[] f2 = XsMessage.strings(XsType.READ, 6, 0, "/x").encode();
        byte[] all = new byte[f1.length + f2.length];
        System.arraycopy(f1, 0, all, 0, f1.length);
        System.arraycopy(f2, 0, all, f1.length, f2.length);
        FrameDecoder d = new FrameDecoder();
        List<XsMessage> got = new java.util.ArrayList<>();
        for (byte b : all) {
            XsMessage m = d.feed(ByteBuffer.wrap(new byte[] {b}));
            if (m != null) {
                got.add(m);
            }
        }
        assertEquals(2, got.size());
        assertEquals(5, got.get(0).reqId());
        assertArrayEquals(XsMessage.joinNul("/x", "v"), got.get(0).payload());
        assertEquals(XsType.READ, got.get(1).knownType());
    }

    @Test
    void zeroLengthPayloadCompletesAtHeader() throws Exception {
        FrameDecoder d = new FrameDecoder();
        XsMessage m = d.feed(ByteBuffer.wrap(new XsMessage(6, 1, 0, new byte[0]).encode()));
        assertEquals(0, m.payload().length);
    }

    @Test
    void oversizeLengthIsAProtocolViolation() throws Exception {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(2).putInt(1).putInt(0).putInt(4097).flip();
        FrameDecoder d = new FrameDecoder();
        assertThrows(FrameDecoder.ProtocolViolation.class, () -> d.feed(h));
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        huge.putInt(2).putInt(1).putInt(0).putInt(-1).flip(); // 4 GiB as unsigned
        assertThrows(FrameDecoder.ProtocolViolation.class, () -> new FrameDecoder().feed(huge));
    }

    @Test
    void maxPayloadIsAccepted() throws Exception {
        byte[] f = new XsMessage(11, 1, 0, new byte[4096]).encode();
        FrameDecoder d = new FrameDecoder();
        assertEquals(4096, d.feed(ByteBuffer.wrap(f)).payload().length);
        assertThrows(IllegalArgumentException.class, () -> new XsMessage(11, 1, 0, new byte[4097]));
    }

    @Test
    void partialHeaderWaits() throws Exception {
        FrameDecoder d = new FrameDecoder();
        assertNull(d.feed(ByteBuffer.wrap(new byte[10])));
        assertEquals(6, d.wanted());
    }

    @Test
    void typeNumbersAreXens() {
        assertEquals(0, XsType.CONTROL.number());
        assertEquals(15, XsType.WATCH_EVENT.number());
        assertEquals(16, XsType.ERROR.number());
        assertEquals(21, XsType.RESET_WATCHES.number());
        assertEquals(22, XsType.DIRECTORY_PART.number());
        assertNull(XsType.of(20));
        assertNull(XsType.of(65535));
    }
}
