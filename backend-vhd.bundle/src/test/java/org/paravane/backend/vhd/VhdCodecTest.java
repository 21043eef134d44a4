package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.paravane.api.blk.BlockIoException;

/** Footer and header codecs; runs without qemu. */
class VhdCodecTest {

    private static final Path FILE = Path.of("test.vhd");

    /**
     * The first 96 bytes of the footer {@code qemu-img create -f vpc d.vhd 10M} (qemu 7.2)
     * wrote; the rest of its 512 bytes are zero.
     */
    private static ByteBuffer qemuFooter() {
        byte[] head = HexFormat.of().parseHex(
                "636f6e6563746978000000020001000000000000000002003" + "29bb24571656d75000500035769326b"
                + "0000000000a070000000000000a07000012e041100000003ffffed395882a42bdcc546ccb28b61993d2cf12f");
        ByteBuffer b = ByteBuffer.allocate(512);
        b.put(0, head);
        return b;
    }

    @Test
    void decodesARealQemuFooter() throws Exception {
        VhdFooter f = VhdFooter.decode(qemuFooter(), FILE, 0);
        assertEquals("qemu", f.creatorApp());
        assertEquals(Vhd.TYPE_DYNAMIC, f.diskType());
        assertEquals(512, f.dataOffset());
        assertEquals(10_514_432, f.currentSize());
        assertEquals(new VhdGeometry(302, 4, 17), f.geometry());
        assertEquals(10_514_432 / 512, f.geometry().sectors());
        assertEquals(UUID.fromString("5882a42b-dcc5-46cc-b28b-61993d2cf12f"), f.uniqueId());
        assertEquals(Instant.parse("2026-11-27T03:15:17Z"), Vhd.instant(f.timestamp()));
        assertEquals(qemuFooter(), f.encode(), "re-encoding gives qemu's bytes back");
    }

    @Test
    void checksumCatchesEveryByte() {
        for (int i : new int[] {8, 20, 47, 60, 100, 511}) {
            ByteBuffer b = qemuFooter();
            b.put(i, (byte) (b.get(i) + 1));
            BlockIoException e = assertThrows(BlockIoException.class, () -> VhdFooter.decode(b, FILE, 7));
            assertTrue(e.getMessage().contains("footer at offset 7: field 'checksum'"), e.getMessage());
        }
    }

    @Test
    void headerRoundTrip() throws Exception {
        List<ParentLocator> locs = new ArrayList<>();
        locs.add(new ParentLocator(Vhd.PLATFORM_W2RU, 8, 22, 4096));
        for (int i = 1; i < 8; i++) {
            locs.add(ParentLocator.NONE);
        }
        VhdHeader h = new VhdHeader(1536, Vhd.VERSION_1_0, 5, 1 << 21, UUID.randomUUID(), 12345, "père.vhd", locs);
        ByteBuffer raw = h.encode();
        assertEquals("cxsparse", new String(raw.array(), 0, 8, StandardCharsets.US_ASCII));
        assertEquals(h, VhdHeader.decode(raw, FILE, 512));
        assertEquals(512, h.bitmapBytes());
        assertEquals(4096, new ParentLocator(Vhd.PLATFORM_W2RU, 8, 1, 0).spaceBytes(), "spec unit: sectors");
        assertEquals(4096, new ParentLocator(Vhd.PLATFORM_W2RU, 4096, 1, 0).spaceBytes(), "Windows: bytes");
    }

    @Test
    void headerRejectsABadBlockSize() {
        List<ParentLocator> locs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            locs.add(ParentLocator.NONE);
        }
        ByteBuffer raw = new VhdHeader(1536, Vhd.VERSION_1_0, 5, 3000, new UUID(0, 0), 0, "", locs).encode();
        BlockIoException e = assertThrows(BlockIoException.class, () -> VhdHeader.decode(raw, FILE, 512));
        assertTrue(e.getMessage().contains("field 'block size' 3000"), e.getMessage());
    }

    @Test
    void fourCharacterCodes() {
        assertEquals(0x5732_7275, Vhd.PLATFORM_W2RU);
        assertEquals(0x4D61_6358, Vhd.PLATFORM_MACX);
        assertEquals("W2ku", Vhd.fourCcString(Vhd.PLATFORM_W2KU));
    }

    @Test
    void componentIsDeclaredForFormatVhd() throws Exception {
        // bnd generates the DS descriptor from the annotations at build time.
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("OSGI-INF/org.paravane.backend.vhd.internal.VhdBackendComponent.xml")) {
            assertTrue(in != null, "DS descriptor generated");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("<property name=\"paravane.blk.formats\" type=\"String\" value=\"vhd\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.paravane.api.blk.BlockBackend\"/>"), xml);
        }
    }
}
