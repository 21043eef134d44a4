// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct blkif_request_discard of docs/abi.md (generated; little-endian). */
public final class BlkifRequestDiscardLayout {

    private BlkifRequestDiscardLayout() {
    }

    /** sizeof(struct blkif_request_discard) in bytes. */
    public static final int SIZEOF = 32;

    /** u8 operation: BLKIF_OP_DISCARD */
    public static final int OPERATION = 0;

    /** u8 flag: BLKIF_DISCARD_SECURE */
    public static final int FLAG = 1;

    /** u16 handle */
    public static final int HANDLE = 2;

    /** u64 id */
    public static final int ID = 8;

    /** u64 sector_number */
    public static final int SECTOR_NUMBER = 16;

    /** u64 nr_sectors */
    public static final int NR_SECTORS = 24;
}
