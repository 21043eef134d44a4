// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct gnttab_transfer of docs/abi.md (generated; little-endian). */
public final class GnttabTransferLayout {

    private GnttabTransferLayout() {
    }

    /** sizeof(struct gnttab_transfer) in bytes. */
    public static final int SIZEOF = 24;

    /** u64 mfn */
    public static final int MFN = 0;

    /** u16 domid */
    public static final int DOMID = 8;

    /** u32 ref */
    public static final int REF = 12;

    /** i16 status */
    public static final int STATUS = 16;
}
