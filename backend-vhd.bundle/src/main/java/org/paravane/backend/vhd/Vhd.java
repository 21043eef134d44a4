package org.paravane.backend.vhd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.paravane.api.blk.BlockIoException;

/**
 * Constants and small helpers of the VHD format (Microsoft "Virtual Hard Disk Image Format
 * Specification", 2006). All multi-byte fields are big-endian.
 */
public final class Vhd {

    /** Every VHD structure is addressed in 512-byte sectors. */
    public static final int SECTOR = 512;
    /** Size of the hard disk footer (spec "Hard Disk Footer Format"). */
    public static final int FOOTER_SIZE = 512;
    /** Size of the dynamic disk header (spec "Dynamic Disk Header Format"). */
    public static final int HEADER_SIZE = 1024;
    /** Footer cookie. */
    public static final String FOOTER_COOKIE = "conectix";
    /** Dynamic header cookie. */
    public static final String HEADER_COOKIE = "cxsparse";
    /** The footer "Features" field: bit 1 ("reserved") must always be set. */
    public static final int FEATURES_RESERVED = 0x2;
    /** File format / header version 1.0. */
    public static final int VERSION_1_0 = 0x0001_0000;
    /** The "Data Offset" of a fixed disk's footer, and of the dynamic header. */
    public static final long NO_OFFSET = -1L;
    /** An unused BAT entry. */
    public static final int BAT_UNUSED = 0xFFFF_FFFF;
    /** Default block size of dynamic disks: 2 MiB (spec). */
    public static final int DEFAULT_BLOCK_SIZE = 2 * 1024 * 1024;

    /** Disk type codes (footer "Disk Type"). */
    public static final int TYPE_FIXED = 2;
    public static final int TYPE_DYNAMIC = 3;
    public static final int TYPE_DIFFERENCING = 4;

    /** Parent locator platform codes (spec "Parent Locator Entries"). */
    public static final int PLATFORM_NONE = 0;
    /** Windows relative path, UTF-16LE. */
    public static final int PLATFORM_W2RU = fourCc("W2ru");
    /** Windows absolute path, UTF-16LE. */
    public static final int PLATFORM_W2KU = fourCc("W2ku");
    /** Deprecated Windows relative path (ANSI). */
    public static final int PLATFORM_WI2R = fourCc("Wi2r");
    /** Deprecated Windows absolute path (ANSI). */
    public static final int PLATFORM_WI2K = fourCc("Wi2k");
    /** Mac OS alias blob (not resolvable outside Mac OS). */
    public static final int PLATFORM_MAC = fourCc("Mac ");
    /** Mac OS X file URL, UTF-8 (RFC 2396). */
    public static final int PLATFORM_MACX = fourCc("MacX");

    /** Creator host OS "Wi2k" (the value qemu and most tools write). */
    public static final int HOST_OS_WINDOWS = fourCc("Wi2k");

    /** The creator application Paravane writes into footers it creates. */
    public static final String CREATOR_APP = "pvne";
    /** Creator version 1.0. */
    public static final int CREATOR_VERSION = 0x0001_0000;

    /** VHD timestamps count seconds since 2000-01-01T00:00:00Z. */
    public static final long EPOCH_2000 = 946_684_800L;

    private Vhd() {}

    /** A four-character code as a big-endian int. */
    public static int fourCc(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** The printable form of a four-character code, for messages. */
    public static String fourCcString(int code) {
        StringBuilder sb = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (code >>> shift) & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return sb.toString();
    }

    /** A VHD timestamp for {@code instant}, saturating at the field's range. */
    public static int timestamp(Instant instant) {
        long s = instant.getEpochSecond() - EPOCH_2000;
        return (int) Math.max(0, Math.min(0xFFFF_FFFFL, s));
    }

    /** The instant of a VHD timestamp (unsigned seconds since 2000-01-01). */
    public static Instant instant(int timestamp) {
        return Instant.ofEpochSecond(EPOCH_2000 + Integer.toUnsignedLong(timestamp));
    }

    /**
     * The spec's checksum: the one's complement of the byte sum of the structure, computed
     * with the checksum field itself taken as zero.
     */
    public static int checksum(ByteBuffer structure, int checksumOffset) {
        int sum = 0;
        for (int i = 0; i < structure.limit(); i++) {
            if (i >= checksumOffset && i < checksumOffset + 4) {
                continue;
            }
            sum += structure.get(i) & 0xff;
        }
        return ~sum;
    }

    /** Rounds {@code bytes} up to whole sectors. */
    public static long roundUpToSector(long bytes) {
        return (bytes + SECTOR - 1) & -SECTOR;
    }

    /** A malformed-image failure naming the file. */
    static BlockIoException bad(Path file, String problem) {
        return new BlockIoException(BlockIoException.Kind.BAD_IMAGE, file + ": " + problem);
    }

    /** A host I/O failure naming the file. */
    static BlockIoException io(Path file, String what, java.io.IOException cause) {
        if (cause instanceof BlockIoException b) {
            return b;
        }
        return new BlockIoException(BlockIoException.Kind.IO_ERROR, file + ": " + what + ": " + cause, cause);
    }
}
