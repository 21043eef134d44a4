// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct gnttab_unmap_grant_ref of docs/abi.md (generated; little-endian). */
public final class GnttabUnmapGrantRefLayout {

    private GnttabUnmapGrantRefLayout() {
    }

    /** sizeof(struct gnttab_unmap_grant_ref) in bytes. */
    public static final int SIZEOF = 24;

    /** u64 host_addr */
    public static final int HOST_ADDR = 0;

    /** u64 dev_bus_addr */
    public static final int DEV_BUS_ADDR = 8;

    /** u32 handle */
    public static final int HANDLE = 16;

    /** i16 status */
    public static final int STATUS = 20;
}
