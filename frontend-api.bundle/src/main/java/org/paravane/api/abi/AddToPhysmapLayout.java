// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xen_add_to_physmap of docs/abi.md (generated; little-endian). */
public final class AddToPhysmapLayout {

    private AddToPhysmapLayout() {
    }

    /** sizeof(struct xen_add_to_physmap) in bytes. */
    public static final int SIZEOF = 24;

    /** u16 domid */
    public static final int DOMID = 0;

    /** u16 size */
    public static final int SIZE = 2;

    /** u32 space: XENMAPSPACE_* */
    public static final int SPACE = 4;

    /** u64 idx */
    public static final int IDX = 8;

    /** u64 gpfn */
    public static final int GPFN = 16;
}
