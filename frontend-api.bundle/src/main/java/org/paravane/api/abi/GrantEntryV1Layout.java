// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct grant_entry_v1 of docs/abi.md (generated; little-endian). */
public final class GrantEntryV1Layout {

    private GrantEntryV1Layout() {
    }

    /** sizeof(struct grant_entry_v1) in bytes. */
    public static final int SIZEOF = 8;

    /** u16 flags: GTF_* */
    public static final int FLAGS = 0;

    /** u16 domid: grantee */
    public static final int DOMID = 2;

    /** u32 frame: granted guest frame number */
    public static final int FRAME = 4;
}
