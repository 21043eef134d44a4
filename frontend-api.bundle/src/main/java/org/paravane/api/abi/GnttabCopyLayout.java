// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct gnttab_copy of docs/abi.md (generated; little-endian). */
public final class GnttabCopyLayout {

    private GnttabCopyLayout() {
    }

    /** sizeof(struct gnttab_copy) in bytes. */
    public static final int SIZEOF = 40;

    /** u64 source_u: grant ref (u32) or guest frame number */
    public static final int SOURCE_U = 0;

    /** u16 source_domid */
    public static final int SOURCE_DOMID = 8;

    /** u16 source_offset */
    public static final int SOURCE_OFFSET = 10;

    /** u64 dest_u */
    public static final int DEST_U = 16;

    /** u16 dest_domid */
    public static final int DEST_DOMID = 24;

    /** u16 dest_offset */
    public static final int DEST_OFFSET = 26;

    /** u16 len */
    public static final int LEN = 32;

    /** u16 flags: GNTCOPY_* */
    public static final int FLAGS = 34;

    /** i16 status */
    public static final int STATUS = 36;
}
