// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants SIF_* of docs/abi.md (generated). */
public final class Sif {

    private Sif() {
    }

    /** SIF_PRIVILEGED: the domain is privileged (dom0-like rights) */
    public static final int PRIVILEGED = 1;

    /** SIF_INITDOMAIN: the domain is the initial domain */
    public static final int INITDOMAIN = 2;

    /** SIF_MULTIBOOT_MOD */
    public static final int MULTIBOOT_MOD = 4;

    /** SIF_MOD_START_PFN */
    public static final int MOD_START_PFN = 8;

    /** SIF_PM_MASK */
    public static final int PM_MASK = 0xFF00;
}
