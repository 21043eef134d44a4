// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct blkif_request_indirect of docs/abi.md (generated; little-endian). */
public final class BlkifRequestIndirectLayout {

    private BlkifRequestIndirectLayout() {
    }

    /** sizeof(struct blkif_request_indirect) in bytes. */
    public static final int SIZEOF = 64;

    /** u8 operation: BLKIF_OP_INDIRECT */
    public static final int OPERATION = 0;

    /** u8 indirect_op: BLKIF_OP_READ or BLKIF_OP_WRITE */
    public static final int INDIRECT_OP = 1;

    /** u16 nr_segments: up to 8 * 512, bounded by feature-max-indirect-segments */
    public static final int NR_SEGMENTS = 2;

    /** u64 id */
    public static final int ID = 8;

    /** u64 sector_number */
    public static final int SECTOR_NUMBER = 16;

    /** u16 handle */
    public static final int HANDLE = 24;

    /** u32[8] indirect_grefs: pages of blkif_request_segment */
    public static final int INDIRECT_GREFS = 28;
}
