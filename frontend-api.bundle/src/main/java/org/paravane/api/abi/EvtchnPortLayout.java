// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct evtchn_port_arg of docs/abi.md (generated; little-endian). */
public final class EvtchnPortLayout {

    private EvtchnPortLayout() {
    }

    /** sizeof(struct evtchn_port_arg) in bytes. */
    public static final int SIZEOF = 4;

    /** u32 port: close, send, unmask */
    public static final int PORT = 0;
}
