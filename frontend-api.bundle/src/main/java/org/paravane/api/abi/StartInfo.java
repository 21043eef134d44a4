// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XEN_* of docs/abi.md (generated). */
public final class StartInfo {

    private StartInfo() {
    }

    /** XEN_START_INFO_MAGIC: first bytes of start_info.magic */
    public static final String START_INFO_MAGIC = "paravane-1.0-riscv64";

    /** XEN_START_INFO_PAGE_SIZE */
    public static final int START_INFO_PAGE_SIZE = 4096;

    /** XEN_MAX_GUEST_CMDLINE */
    public static final int MAX_GUEST_CMDLINE = 1024;
}
