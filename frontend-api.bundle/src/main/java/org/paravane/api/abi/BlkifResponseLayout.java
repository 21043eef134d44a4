// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct blkif_response of docs/abi.md (generated; little-endian). */
public final class BlkifResponseLayout {

    private BlkifResponseLayout() {
    }

    /** sizeof(struct blkif_response) in bytes. */
    public static final int SIZEOF = 16;

    /** u64 id: the request's id */
    public static final int ID = 0;

    /** u8 operation: the request's operation */
    public static final int OPERATION = 8;

    /** i16 status: BLKIF_RSP_* */
    public static final int STATUS = 10;
}
