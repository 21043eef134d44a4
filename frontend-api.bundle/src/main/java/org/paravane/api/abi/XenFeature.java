// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XENFEAT_* of docs/abi.md (generated). */
public final class XenFeature {

    private XenFeature() {
    }

    /** XENFEAT_writable_page_tables */
    public static final int WRITABLE_PAGE_TABLES = 0;

    /** XENFEAT_auto_translated_physmap */
    public static final int AUTO_TRANSLATED_PHYSMAP = 2;

    /** XENFEAT_supervisor_mode_kernel */
    public static final int SUPERVISOR_MODE_KERNEL = 3;

    /** XENFEAT_hvm_callback_vector */
    public static final int HVM_CALLBACK_VECTOR = 8;

    /** XENFEAT_dom0 */
    public static final int DOM0 = 11;

    /** XENFEAT_NR_SUBMAPS */
    public static final int NR_SUBMAPS = 1;
}
