// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct evtchn_bind_vcpu of docs/abi.md (generated; little-endian). */
public final class EvtchnBindVcpuLayout {

    private EvtchnBindVcpuLayout() {
    }

    /** sizeof(struct evtchn_bind_vcpu) in bytes. */
    public static final int SIZEOF = 8;

    /** u32 port */
    public static final int PORT = 0;

    /** u32 vcpu */
    public static final int VCPU = 4;
}
