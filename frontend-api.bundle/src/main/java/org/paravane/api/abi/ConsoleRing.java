// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XENCONS_* of docs/abi.md (generated). */
public final class ConsoleRing {

    private ConsoleRing() {
    }

    /** XENCONS_IN_SIZE: xencons_interface in[] */
    public static final int IN_SIZE = 1024;

    /** XENCONS_OUT_SIZE: xencons_interface out[] */
    public static final int OUT_SIZE = 2048;
}
