// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants BLKIF_RSP_* of docs/abi.md (generated). */
public final class BlkifRsp {

    private BlkifRsp() {
    }

    /** BLKIF_RSP_OKAY */
    public static final int OKAY = 0;

    /** BLKIF_RSP_ERROR */
    public static final int ERROR = -1;

    /** BLKIF_RSP_EOPNOTSUPP */
    public static final int EOPNOTSUPP = -2;
}
