// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct gnttab_query_size of docs/abi.md (generated; little-endian). */
public final class GnttabQuerySizeLayout {

    private GnttabQuerySizeLayout() {
    }

    /** sizeof(struct gnttab_query_size) in bytes. */
    public static final int SIZEOF = 16;

    /** u16 dom */
    public static final int DOM = 0;

    /** u32 nr_frames */
    public static final int NR_FRAMES = 4;

    /** u32 max_nr_frames */
    public static final int MAX_NR_FRAMES = 8;

    /** i16 status */
    public static final int STATUS = 12;
}
