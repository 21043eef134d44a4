// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants SRING_* of docs/abi.md (generated). */
public final class Sring {

    private Sring() {
    }

    /** SRING_HEADER_SIZE */
    public static final int HEADER_SIZE = 64;
}
