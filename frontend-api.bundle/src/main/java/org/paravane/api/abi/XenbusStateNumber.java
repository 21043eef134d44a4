// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XenbusState* of docs/abi.md (generated). */
public final class XenbusStateNumber {

    private XenbusStateNumber() {
    }

    /** XenbusStateUnknown */
    public static final int UNKNOWN = 0;

    /** XenbusStateInitialising */
    public static final int INITIALISING = 1;

    /** XenbusStateInitWait: backend: waiting for the frontend's details */
    public static final int INITWAIT = 2;

    /** XenbusStateInitialised: frontend: ring published */
    public static final int INITIALISED = 3;

    /** XenbusStateConnected */
    public static final int CONNECTED = 4;

    /** XenbusStateClosing */
    public static final int CLOSING = 5;

    /** XenbusStateClosed */
    public static final int CLOSED = 6;

    /** XenbusStateReconfiguring */
    public static final int RECONFIGURING = 7;

    /** XenbusStateReconfigured */
    public static final int RECONFIGURED = 8;
}
