// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants GNTTABOP_* of docs/abi.md (generated). */
public final class GnttabOp {

    private GnttabOp() {
    }

    /** GNTTABOP_map_grant_ref */
    public static final int MAP_GRANT_REF = 0;

    /** GNTTABOP_unmap_grant_ref */
    public static final int UNMAP_GRANT_REF = 1;

    /** GNTTABOP_setup_table */
    public static final int SETUP_TABLE = 2;

    /** GNTTABOP_dump_table */
    public static final int DUMP_TABLE = 3;

    /** GNTTABOP_transfer */
    public static final int TRANSFER = 4;

    /** GNTTABOP_copy */
    public static final int COPY = 5;

    /** GNTTABOP_query_size */
    public static final int QUERY_SIZE = 6;

    /** GNTTABOP_unmap_and_replace */
    public static final int UNMAP_AND_REPLACE = 7;

    /** GNTTABOP_set_version */
    public static final int SET_VERSION = 8;

    /** GNTTABOP_get_status_frames */
    public static final int GET_STATUS_FRAMES = 9;

    /** GNTTABOP_get_version */
    public static final int GET_VERSION = 10;

    /** GNTTABOP_swap_grant_ref */
    public static final int SWAP_GRANT_REF = 11;

    /** GNTTABOP_cache_flush */
    public static final int CACHE_FLUSH = 12;
}
