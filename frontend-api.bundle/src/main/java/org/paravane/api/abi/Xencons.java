// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XENCONS_* of docs/abi.md (generated). */
public final class Xencons {

    private Xencons() {
    }

    /** XENCONS_CONNECTED: the backend serves the ring */
    public static final int CONNECTED = 0;

    /** XENCONS_DISCONNECTED: nobody serves it (the initial state) */
    public static final int DISCONNECTED = 1;

    /** XENCONS_IN_SIZE */
    public static final int IN_SIZE = 1024;

    /** XENCONS_OUT_SIZE */
    public static final int OUT_SIZE = 2048;
}
