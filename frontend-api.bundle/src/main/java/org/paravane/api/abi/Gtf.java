// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants GTF_* of docs/abi.md (generated). */
public final class Gtf {

    private Gtf() {
    }

    /** GTF_invalid */
    public static final int INVALID = 0;

    /** GTF_permit_access */
    public static final int PERMIT_ACCESS = 1;

    /** GTF_accept_transfer */
    public static final int ACCEPT_TRANSFER = 2;

    /** GTF_transitive */
    public static final int TRANSITIVE = 3;

    /** GTF_type_mask */
    public static final int TYPE_MASK = 3;

    /** GTF_readonly */
    public static final int READONLY = 0x4;

    /** GTF_reading */
    public static final int READING = 0x8;

    /** GTF_writing */
    public static final int WRITING = 0x10;

    /** GTF_PWT */
    public static final int PWT = 0x20;

    /** GTF_PCD */
    public static final int PCD = 0x40;

    /** GTF_PAT */
    public static final int PAT = 0x80;

    /** GTF_sub_page */
    public static final int SUB_PAGE = 0x100;

    /** GTF_transfer_committed */
    public static final int TRANSFER_COMMITTED = 0x4;

    /** GTF_transfer_completed */
    public static final int TRANSFER_COMPLETED = 0x8;
}
