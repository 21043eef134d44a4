// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants BLKIF_* of docs/abi.md (generated). */
public final class Blkif {

    private Blkif() {
    }

    /** BLKIF_MAX_SEGMENTS_PER_REQUEST */
    public static final int MAX_SEGMENTS_PER_REQUEST = 11;

    /** BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST */
    public static final int MAX_INDIRECT_PAGES_PER_REQUEST = 8;

    /** BLKIF_SEGS_PER_INDIRECT_FRAME: 4096 / sizeof(blkif_request_segment) */
    public static final int SEGS_PER_INDIRECT_FRAME = 512;

    /** BLKIF_SECTOR_SIZE: unit of every sector field */
    public static final int SECTOR_SIZE = 512;

    /** BLKIF_DISCARD_SECURE: blkif_request_discard.flag */
    public static final int DISCARD_SECURE = 1;

    /** BLKIF_RING_SLOTS_PER_PAGE: (4096 - 64) / 112 rounded down to a power of two */
    public static final int RING_SLOTS_PER_PAGE = 32;

    /** BLKIF_PROTOCOL_RISCV64 */
    public static final String PROTOCOL_RISCV64 = "riscv64-abi";
}
