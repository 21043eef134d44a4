// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct gnttab_setup_table of docs/abi.md (generated; little-endian). */
public final class GnttabSetupTableLayout {

    private GnttabSetupTableLayout() {
    }

    /** sizeof(struct gnttab_setup_table) in bytes. */
    public static final int SIZEOF = 24;

    /** u16 dom */
    public static final int DOM = 0;

    /** u32 nr_frames */
    public static final int NR_FRAMES = 4;

    /** i16 status */
    public static final int STATUS = 8;

    /** u64 frame_list: guest-physical address of a u64 frame array (out) */
    public static final int FRAME_LIST = 16;
}
