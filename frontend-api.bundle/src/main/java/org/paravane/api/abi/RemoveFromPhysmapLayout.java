// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xen_remove_from_physmap of docs/abi.md (generated; little-endian). */
public final class RemoveFromPhysmapLayout {

    private RemoveFromPhysmapLayout() {
    }

    /** sizeof(struct xen_remove_from_physmap) in bytes. */
    public static final int SIZEOF = 16;

    /** u16 domid */
    public static final int DOMID = 0;

    /** u64 gpfn */
    public static final int GPFN = 8;
}
