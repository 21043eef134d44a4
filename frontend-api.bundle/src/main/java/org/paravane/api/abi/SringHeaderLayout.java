// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct sring_header of docs/abi.md (generated; little-endian). */
public final class SringHeaderLayout {

    private SringHeaderLayout() {
    }

    /** sizeof(struct sring_header) in bytes. */
    public static final int SIZEOF = 64;

    /** u32 req_prod: written by the front */
    public static final int REQ_PROD = 0;

    /** u32 req_event: written by the back: notify when req_prod passes this */
    public static final int REQ_EVENT = 4;

    /** u32 rsp_prod: written by the back */
    public static final int RSP_PROD = 8;

    /** u32 rsp_event: written by the front: notify when rsp_prod passes this */
    public static final int RSP_EVENT = 12;

    /** u8[4] pvt: protocol-private (unused by blkif) */
    public static final int PVT = 16;

    /** u8[44] pad: zero */
    public static final int PAD = 20;
}
