// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants GNTMAP_* of docs/abi.md (generated). */
public final class Gntmap {

    private Gntmap() {
    }

    /** GNTMAP_device_map */
    public static final int DEVICE_MAP = 1;

    /** GNTMAP_host_map */
    public static final int HOST_MAP = 2;

    /** GNTMAP_readonly */
    public static final int READONLY = 4;

    /** GNTMAP_application_map */
    public static final int APPLICATION_MAP = 8;

    /** GNTMAP_contains_pte */
    public static final int CONTAINS_PTE = 16;
}
