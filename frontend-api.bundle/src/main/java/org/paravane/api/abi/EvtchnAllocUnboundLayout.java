// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct evtchn_alloc_unbound of docs/abi.md (generated; little-endian). */
public final class EvtchnAllocUnboundLayout {

    private EvtchnAllocUnboundLayout() {
    }

    /** sizeof(struct evtchn_alloc_unbound) in bytes. */
    public static final int SIZEOF = 8;

    /** u16 dom */
    public static final int DOM = 0;

    /** u16 remote_dom */
    public static final int REMOTE_DOM = 2;

    /** u32 port: out */
    public static final int PORT = 4;
}
