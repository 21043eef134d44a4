// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants GNTCOPY_* of docs/abi.md (generated). */
public final class GntCopy {

    private GntCopy() {
    }

    /** GNTCOPY_source_gref */
    public static final int SOURCE_GREF = 1;

    /** GNTCOPY_dest_gref */
    public static final int DEST_GREF = 2;
}
