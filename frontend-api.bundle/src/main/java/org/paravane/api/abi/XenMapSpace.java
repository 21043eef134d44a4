// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XENMAPSPACE_* of docs/abi.md (generated). */
public final class XenMapSpace {

    private XenMapSpace() {
    }

    /** XENMAPSPACE_shared_info */
    public static final int SHARED_INFO = 0;

    /** XENMAPSPACE_grant_table */
    public static final int GRANT_TABLE = 1;

    /** XENMAPSPACE_gmfn */
    public static final int GMFN = 2;

    /** XENMAPSPACE_gmfn_range */
    public static final int GMFN_RANGE = 3;

    /** XENMAPSPACE_gmfn_foreign */
    public static final int GMFN_FOREIGN = 4;

    /** XENMAPSPACE_dev_mmio */
    public static final int DEV_MMIO = 5;
}
