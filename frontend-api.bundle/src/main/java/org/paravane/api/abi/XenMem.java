// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XENMEM_* of docs/abi.md (generated). */
public final class XenMem {

    private XenMem() {
    }

    /** XENMEM_increase_reservation */
    public static final int INCREASE_RESERVATION = 0;

    /** XENMEM_decrease_reservation */
    public static final int DECREASE_RESERVATION = 1;

    /** XENMEM_maximum_ram_page */
    public static final int MAXIMUM_RAM_PAGE = 2;

    /** XENMEM_current_reservation */
    public static final int CURRENT_RESERVATION = 3;

    /** XENMEM_maximum_reservation */
    public static final int MAXIMUM_RESERVATION = 4;

    /** XENMEM_populate_physmap */
    public static final int POPULATE_PHYSMAP = 6;

    /** XENMEM_add_to_physmap */
    public static final int ADD_TO_PHYSMAP = 7;

    /** XENMEM_memory_map */
    public static final int MEMORY_MAP = 9;

    /** XENMEM_exchange */
    public static final int EXCHANGE = 11;

    /** XENMEM_maximum_gpfn */
    public static final int MAXIMUM_GPFN = 14;

    /** XENMEM_remove_from_physmap */
    public static final int REMOVE_FROM_PHYSMAP = 15;

    /** XENMEM_add_to_physmap_batch */
    public static final int ADD_TO_PHYSMAP_BATCH = 23;

    /** XENMEM_claim_pages */
    public static final int CLAIM_PAGES = 24;

    /** XENMEM_acquire_resource */
    public static final int ACQUIRE_RESOURCE = 28;

    /** XENMEM_OP_MASK */
    public static final int OP_MASK = 0x3F;
}
