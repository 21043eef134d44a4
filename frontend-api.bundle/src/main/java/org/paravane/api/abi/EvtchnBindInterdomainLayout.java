// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct evtchn_bind_interdomain of docs/abi.md (generated; little-endian). */
public final class EvtchnBindInterdomainLayout {

    private EvtchnBindInterdomainLayout() {
    }

    /** sizeof(struct evtchn_bind_interdomain) in bytes. */
    public static final int SIZEOF = 12;

    /** u16 remote_dom */
    public static final int REMOTE_DOM = 0;

    /** u32 remote_port */
    public static final int REMOTE_PORT = 4;

    /** u32 local_port: out */
    public static final int LOCAL_PORT = 8;
}
