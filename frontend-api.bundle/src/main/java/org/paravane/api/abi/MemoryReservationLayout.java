// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xen_memory_reservation of docs/abi.md (generated; little-endian). */
public final class MemoryReservationLayout {

    private MemoryReservationLayout() {
    }

    /** sizeof(struct xen_memory_reservation) in bytes. */
    public static final int SIZEOF = 32;

    /** u64 extent_start: guest-physical address of a u64 frame array (may be 0 for increase) */
    public static final int EXTENT_START = 0;

    /** u64 nr_extents */
    public static final int NR_EXTENTS = 8;

    /** u32 extent_order: must be 0 */
    public static final int EXTENT_ORDER = 16;

    /** u32 mem_flags */
    public static final int MEM_FLAGS = 20;

    /** u16 domid */
    public static final int DOMID = 24;
}
