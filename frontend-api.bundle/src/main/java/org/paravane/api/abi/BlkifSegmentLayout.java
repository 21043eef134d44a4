// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct blkif_request_segment of docs/abi.md (generated; little-endian). */
public final class BlkifSegmentLayout {

    private BlkifSegmentLayout() {
    }

    /** sizeof(struct blkif_request_segment) in bytes. */
    public static final int SIZEOF = 8;

    /** u32 gref: grant of one 4 KiB data page */
    public static final int GREF = 0;

    /** u8 first_sect: first 512-byte sector in the page (inclusive) */
    public static final int FIRST_SECT = 4;

    /** u8 last_sect: last sector in the page (inclusive), 0..7 */
    public static final int LAST_SECT = 5;
}
