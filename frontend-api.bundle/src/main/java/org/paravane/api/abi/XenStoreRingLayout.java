// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct xenstore_domain_interface of docs/abi.md (generated; little-endian). */
public final class XenStoreRingLayout {

    private XenStoreRingLayout() {
    }

    /** sizeof(struct xenstore_domain_interface) in bytes. */
    public static final int SIZEOF = 2080;

    /** u8[1024] req: guest → server */
    public static final int REQ = 0;

    /** u8[1024] rsp: server → guest (replies and watch events) */
    public static final int RSP = 1024;

    /** u32 req_cons */
    public static final int REQ_CONS = 2048;

    /** u32 req_prod */
    public static final int REQ_PROD = 2052;

    /** u32 rsp_cons */
    public static final int RSP_CONS = 2056;

    /** u32 rsp_prod */
    public static final int RSP_PROD = 2060;

    /** u32 server_features */
    public static final int SERVER_FEATURES = 2064;

    /** u32 connection */
    public static final int CONNECTION = 2068;

    /** u32 error */
    public static final int ERROR = 2072;

    /** u32 evtchn_port */
    public static final int EVTCHN_PORT = 2076;
}
