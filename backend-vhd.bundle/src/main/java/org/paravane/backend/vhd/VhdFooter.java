package org.paravane.backend.vhd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.paravane.api.blk.BlockIoException;

/**
 * The 512-byte hard disk footer (spec "Hard Disk Footer Format"). It ends every VHD file;
 * dynamic and differencing disks also keep a copy in the first sector.
 *
 * <pre>
 * off size field                 off size field
 *   0   8  cookie "conectix"      48   8  current size (bytes)
 *   8   4  features (bit 1 set)   56   4  geometry: cyl(2) heads(1) sectors/track(1)
 *  12   4  format version 1.0     60   4  disk type (2 fixed, 3 dynamic, 4 differencing)
 *  16   8  data offset            64   4  checksum
 *  24   4  timestamp              68  16  unique id
 *  28   4  creator application    84   1  saved state
 *  32   4  creator version        85 427  reserved (zero)
 *  36   4  creator host OS
 *  40   8  original size
 * </pre>
 *
 * @param features        feature flags (bit 1 is reserved and always set)
 * @param formatVersion   0x00010000
 * @param dataOffset      absolute offset of the dynamic header, or -1 for fixed disks
 * @param timestamp       seconds since 2000-01-01 UTC
 * @param creatorApp      four ASCII characters, for example "qemu", "win ", "pvne"
 * @param creatorVersion  creator version
 * @param creatorHostOs   four-character code of the creator's OS
 * @param originalSize    size at creation, bytes
 * @param currentSize     current size, bytes
 * @param geometry        the CHS geometry
 * @param diskType        {@link Vhd#TYPE_FIXED}, {@link Vhd#TYPE_DYNAMIC} or {@link Vhd#TYPE_DIFFERENCING}
 * @param uniqueId        identifies the image (a differencing child names its parent by it)
 * @param savedState      1 when the disk is in a saved state
 */
public record VhdFooter(int features, int formatVersion, long dataOffset, int timestamp, String creatorApp,
        int creatorVersion, int creatorHostOs, long originalSize, long currentSize, VhdGeometry geometry,
        int diskType, UUID uniqueId, boolean savedState) {

    static final int CHECKSUM_OFFSET = 64;

    /** Whether this is a dynamic or differencing disk (has a header and a BAT). */
    public boolean sparse() {
        return diskType == Vhd.TYPE_DYNAMIC || diskType == Vhd.TYPE_DIFFERENCING;
    }

    /**
     * This footer with another size and geometry. "Original size" follows too: the spec calls
     * it informational, but libvhdi takes the disk size from it.
     */
    public VhdFooter withSize(long size, VhdGeometry g) {
        return new VhdFooter(features, formatVersion, dataOffset, timestamp, creatorApp, creatorVersion,
                creatorHostOs, size, size, g, diskType, uniqueId, savedState);
    }

    /** Encodes the footer, checksum included. */
    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(Vhd.FOOTER_SIZE);
        b.put(0, Vhd.FOOTER_COOKIE.getBytes(StandardCharsets.US_ASCII));
        b.putInt(8, features);
        b.putInt(12, formatVersion);
        b.putLong(16, dataOffset);
        b.putInt(24, timestamp);
        byte[] app = (creatorApp + "\0\0\0\0").getBytes(StandardCharsets.ISO_8859_1);
        b.put(28, app, 0, 4);
        b.putInt(32, creatorVersion);
        b.putInt(36, creatorHostOs);
        b.putLong(40, originalSize);
        b.putLong(48, currentSize);
        b.putShort(56, (short) geometry.cylinders());
        b.put(58, (byte) geometry.heads());
        b.put(59, (byte) geometry.sectorsPerTrack());
        b.putInt(60, diskType);
        b.putLong(68, uniqueId.getMostSignificantBits());
        b.putLong(76, uniqueId.getLeastSignificantBits());
        b.put(84, (byte) (savedState ? 1 : 0));
        b.putInt(CHECKSUM_OFFSET, Vhd.checksum(b, CHECKSUM_OFFSET));
        return b;
    }

    /** Whether {@code raw} starts with the footer cookie. */
    public static boolean hasCookie(ByteBuffer raw) {
        byte[] c = new byte[8];
        raw.get(0, c);
        return Vhd.FOOTER_COOKIE.equals(new String(c, StandardCharsets.ISO_8859_1));
    }

    /**
     * Decodes and verifies a footer read at {@code offset} of {@code file}.
     *
     * @throws BlockIoException naming the file, the offset and the bad field
     */
    public static VhdFooter decode(ByteBuffer raw, Path file, long offset) throws BlockIoException {
        String where = "footer at offset " + offset;
        if (raw.limit() < Vhd.FOOTER_SIZE || !hasCookie(raw)) {
            throw Vhd.bad(file, where + ": cookie \"conectix\" missing (not a VHD file, or truncated)");
        }
        int stored = raw.getInt(CHECKSUM_OFFSET);
        int computed = Vhd.checksum(raw.slice(0, Vhd.FOOTER_SIZE), CHECKSUM_OFFSET);
        if (stored != computed) {
            throw Vhd.bad(file, where + ": field 'checksum' is 0x%08x, contents sum to 0x%08x"
                    .formatted(stored, computed));
        }
        int version = raw.getInt(12);
        if (version >>> 16 != 1) {
            throw Vhd.bad(file, where + ": field 'file format version' is 0x%08x, only 1.x is supported"
                    .formatted(version));
        }
        int type = raw.getInt(60);
        if (type != Vhd.TYPE_FIXED && type != Vhd.TYPE_DYNAMIC && type != Vhd.TYPE_DIFFERENCING) {
            throw Vhd.bad(file, where + ": field 'disk type' is " + type
                    + ", expected 2 (fixed), 3 (dynamic) or 4 (differencing)");
        }
        long currentSize = raw.getLong(48);
        if (currentSize < 0 || currentSize % Vhd.SECTOR != 0) {
            throw Vhd.bad(file, where + ": field 'current size' " + currentSize + " is not a whole number of sectors");
        }
        long dataOffset = raw.getLong(16);
        if (type != Vhd.TYPE_FIXED && (dataOffset < 0 || dataOffset % Vhd.SECTOR != 0)) {
            throw Vhd.bad(file, where + ": field 'data offset' " + dataOffset
                    + " is not a sector-aligned header offset");
        }
        byte[] app = new byte[4];
        raw.get(28, app);
        VhdGeometry g = new VhdGeometry(raw.getShort(56) & 0xffff, raw.get(58) & 0xff, raw.get(59) & 0xff);
        return new VhdFooter(raw.getInt(8), version, dataOffset, raw.getInt(24),
                new String(app, StandardCharsets.ISO_8859_1), raw.getInt(32), raw.getInt(36), raw.getLong(40),
                currentSize, g, type, new UUID(raw.getLong(68), raw.getLong(76)), raw.get(84) != 0);
    }
}
