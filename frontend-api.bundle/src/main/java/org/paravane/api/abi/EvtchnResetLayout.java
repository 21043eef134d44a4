// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct evtchn_reset of docs/abi.md (generated; little-endian). */
public final class EvtchnResetLayout {

    private EvtchnResetLayout() {
    }

    /** sizeof(struct evtchn_reset) in bytes. */
    public static final int SIZEOF = 2;

    /** u16 dom */
    public static final int DOM = 0;
}
