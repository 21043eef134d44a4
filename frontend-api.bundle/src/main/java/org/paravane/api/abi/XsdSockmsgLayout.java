// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xsd_sockmsg of docs/abi.md (generated; little-endian). */
public final class XsdSockmsgLayout {

    private XsdSockmsgLayout() {
    }

    /** sizeof(struct xsd_sockmsg) in bytes. */
    public static final int SIZEOF = 16;

    /** u32 type: XS_* */
    public static final int TYPE = 0;

    /** u32 req_id: echoed in the reply */
    public static final int REQ_ID = 4;

    /** u32 tx_id: transaction id, 0 = none */
    public static final int TX_ID = 8;

    /** u32 len: payload bytes that follow */
    public static final int LEN = 12;
}
