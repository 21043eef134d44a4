// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct gnttab_map_grant_ref of docs/abi.md (generated; little-endian). */
public final class GnttabMapGrantRefLayout {

    private GnttabMapGrantRefLayout() {
    }

    /** sizeof(struct gnttab_map_grant_ref) in bytes. */
    public static final int SIZEOF = 32;

    /** u64 host_addr: guest-physical address to map at (outside RAM) */
    public static final int HOST_ADDR = 0;

    /** u32 flags: GNTMAP_* */
    public static final int FLAGS = 8;

    /** u32 ref */
    public static final int REF = 12;

    /** u16 dom */
    public static final int DOM = 16;

    /** i16 status: out: GNTST_* */
    public static final int STATUS = 18;

    /** u32 handle: out */
    public static final int HANDLE = 20;

    /** u64 dev_bus_addr: out */
    public static final int DEV_BUS_ADDR = 24;
}
