package org.paravane.backend.vhd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.paravane.api.blk.BlockIoException;

/**
 * The 1024-byte dynamic disk header (spec "Dynamic Disk Header Format"), present in dynamic
 * and differencing disks at the footer's data offset.
 *
 * <pre>
 * off size field                        off size field
 *   0   8  cookie "cxsparse"             40  16  parent unique id
 *   8   8  data offset (unused, -1)      56   4  parent timestamp
 *  16   8  table offset (BAT)            60   4  reserved
 *  24   4  header version 1.0            64 512  parent unicode name (UTF-16BE)
 *  28   4  max table entries            576 192  8 parent locators × 24 bytes:
 *  32   4  block size (bytes)                     code(4) space(4) length(4) reserved(4) offset(8)
 *  36   4  checksum                     768 256  reserved
 * </pre>
 *
 * @param tableOffset     absolute offset of the BAT
 * @param headerVersion   0x00010000
 * @param maxTableEntries number of BAT entries
 * @param blockSize       bytes of data per block (a power of two, at least one sector)
 * @param parentUniqueId  the parent's footer unique id (differencing disks)
 * @param parentTimestamp the parent's modification time, seconds since 2000-01-01
 * @param parentName      the parent's file name (differencing disks), may be empty
 * @param locators        exactly eight entries
 */
public record VhdHeader(long tableOffset, int headerVersion, int maxTableEntries, int blockSize,
        UUID parentUniqueId, int parentTimestamp, String parentName, List<ParentLocator> locators) {

    static final int CHECKSUM_OFFSET = 36;
    static final int LOCATOR_COUNT = 8;
    static final int PARENT_NAME_BYTES = 512;

    /** Validates the record's own invariants and copies the locator list. */
    public VhdHeader {
        locators = List.copyOf(locators);
        if (locators.size() != LOCATOR_COUNT) {
            throw new IllegalArgumentException("a dynamic header has 8 parent locators, got " + locators.size());
        }
    }

    /** Sectors per block. */
    public int sectorsPerBlock() {
        return blockSize / Vhd.SECTOR;
    }

    /** Bytes of a block's sector bitmap: one bit per sector, padded to whole sectors. */
    public int bitmapBytes() {
        return (int) Vhd.roundUpToSector((sectorsPerBlock() + 7) / 8);
    }

    /** The bytes the BAT occupies on disk, padded to whole sectors. */
    public long tableBytes() {
        return Vhd.roundUpToSector(4L * Integer.toUnsignedLong(maxTableEntries));
    }

    /** This header with another BAT location and size. */
    public VhdHeader withTable(long offset, int entries) {
        return new VhdHeader(offset, headerVersion, entries, blockSize, parentUniqueId, parentTimestamp,
                parentName, locators);
    }

    /** This header naming another parent. */
    public VhdHeader withParent(UUID id, int timestamp, String name, List<ParentLocator> locs) {
        return new VhdHeader(tableOffset, headerVersion, maxTableEntries, blockSize, id, timestamp, name, locs);
    }

    /** Encodes the header, checksum included. */
    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(Vhd.HEADER_SIZE);
        b.put(0, Vhd.HEADER_COOKIE.getBytes(StandardCharsets.US_ASCII));
        b.putLong(8, Vhd.NO_OFFSET);
        b.putLong(16, tableOffset);
        b.putInt(24, headerVersion);
        b.putInt(28, maxTableEntries);
        b.putInt(32, blockSize);
        b.putLong(40, parentUniqueId.getMostSignificantBits());
        b.putLong(48, parentUniqueId.getLeastSignificantBits());
        b.putInt(56, parentTimestamp);
        byte[] name = parentName.getBytes(StandardCharsets.UTF_16BE);
        b.put(64, name, 0, Math.min(name.length, PARENT_NAME_BYTES));
        for (int i = 0; i < LOCATOR_COUNT; i++) {
            ParentLocator l = locators.get(i);
            int o = 576 + 24 * i;
            b.putInt(o, l.platformCode());
            b.putInt(o + 4, l.dataSpace());
            b.putInt(o + 8, l.dataLength());
            b.putLong(o + 16, l.dataOffset());
        }
        b.putInt(CHECKSUM_OFFSET, Vhd.checksum(b, CHECKSUM_OFFSET));
        return b;
    }

    /**
     * Decodes and verifies a header read at {@code offset} of {@code file}.
     *
     * @throws BlockIoException naming the file, the offset and the bad field
     */
    public static VhdHeader decode(ByteBuffer raw, Path file, long offset) throws BlockIoException {
        String where = "dynamic header at offset " + offset;
        byte[] c = new byte[8];
        raw.get(0, c);
        if (!Vhd.HEADER_COOKIE.equals(new String(c, StandardCharsets.ISO_8859_1))) {
            throw Vhd.bad(file, where + ": cookie \"cxsparse\" missing");
        }
        int stored = raw.getInt(CHECKSUM_OFFSET);
        int computed = Vhd.checksum(raw.slice(0, Vhd.HEADER_SIZE), CHECKSUM_OFFSET);
        if (stored != computed) {
            throw Vhd.bad(file, where + ": field 'checksum' is 0x%08x, contents sum to 0x%08x"
                    .formatted(stored, computed));
        }
        int version = raw.getInt(24);
        if (version >>> 16 != 1) {
            throw Vhd.bad(file, where + ": field 'header version' is 0x%08x, only 1.x is supported"
                    .formatted(version));
        }
        int blockSize = raw.getInt(32);
        if (blockSize < Vhd.SECTOR || Integer.bitCount(blockSize) != 1) {
            throw Vhd.bad(file, where + ": field 'block size' " + Integer.toUnsignedString(blockSize)
                    + " is not a power of two of at least 512");
        }
        long tableOffset = raw.getLong(16);
        if (tableOffset < 0 || tableOffset % Vhd.SECTOR != 0) {
            throw Vhd.bad(file, where + ": field 'table offset' " + tableOffset + " is not sector-aligned");
        }
        int entries = raw.getInt(28);
        if (entries < 0) {
            throw Vhd.bad(file, where + ": field 'max table entries' " + Integer.toUnsignedString(entries)
                    + " is out of range");
        }
        byte[] name = new byte[PARENT_NAME_BYTES];
        raw.get(64, name);
        int len = 0;
        while (len + 1 < name.length && (name[len] != 0 || name[len + 1] != 0)) {
            len += 2;
        }
        List<ParentLocator> locs = new ArrayList<>(LOCATOR_COUNT);
        for (int i = 0; i < LOCATOR_COUNT; i++) {
            int o = 576 + 24 * i;
            locs.add(new ParentLocator(raw.getInt(o), raw.getInt(o + 4), raw.getInt(o + 8), raw.getLong(o + 16)));
        }
        return new VhdHeader(tableOffset, version, entries, blockSize, new UUID(raw.getLong(40), raw.getLong(48)),
                raw.getInt(56), new String(name, 0, len, StandardCharsets.UTF_16BE), locs);
    }
}
