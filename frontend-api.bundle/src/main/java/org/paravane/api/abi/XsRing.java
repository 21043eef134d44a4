// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XENSTORE_* of docs/abi.md (generated). */
public final class XsRing {

    private XsRing() {
    }

    /** XENSTORE_RING_SIZE */
    public static final int RING_SIZE = 1024;

    /** XENSTORE_PAYLOAD_MAX */
    public static final int PAYLOAD_MAX = 4096;
}
