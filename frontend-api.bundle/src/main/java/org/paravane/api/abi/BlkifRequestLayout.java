// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct blkif_request of docs/abi.md (generated; little-endian). */
public final class BlkifRequestLayout {

    private BlkifRequestLayout() {
    }

    /** sizeof(struct blkif_request) in bytes. */
    public static final int SIZEOF = 112;

    /** u8 operation: BLKIF_OP_* */
    public static final int OPERATION = 0;

    /** u8 nr_segments: 1..11 for read/write, 0 for flush */
    public static final int NR_SEGMENTS = 1;

    /** u16 handle: virtual device handle */
    public static final int HANDLE = 2;

    /** u64 id: echoed in the response */
    public static final int ID = 8;

    /** u64 sector_number: start sector (512-byte units) */
    public static final int SECTOR_NUMBER = 16;

    /** u64[11] seg: 11 blkif_request_segment (8 bytes each) */
    public static final int SEG = 24;
}
