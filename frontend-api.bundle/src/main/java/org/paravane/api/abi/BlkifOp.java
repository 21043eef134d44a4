// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants BLKIF_OP_* of docs/abi.md (generated). */
public final class BlkifOp {

    private BlkifOp() {
    }

    /** BLKIF_OP_READ */
    public static final int READ = 0;

    /** BLKIF_OP_WRITE */
    public static final int WRITE = 1;

    /** BLKIF_OP_WRITE_BARRIER: needs feature-barrier */
    public static final int WRITE_BARRIER = 2;

    /** BLKIF_OP_FLUSH_DISKCACHE: needs feature-flush-cache; no segments */
    public static final int FLUSH_DISKCACHE = 3;

    /** BLKIF_OP_RESERVED_1: reserved (never valid) */
    public static final int RESERVED_1 = 4;

    /** BLKIF_OP_DISCARD: needs feature-discard */
    public static final int DISCARD = 5;

    /** BLKIF_OP_INDIRECT: needs feature-max-indirect-segments */
    public static final int INDIRECT = 6;
}
