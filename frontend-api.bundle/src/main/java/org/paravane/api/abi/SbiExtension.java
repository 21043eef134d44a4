// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants SBI_EXT_* of docs/abi.md (generated). */
public final class SbiExtension {

    private SbiExtension() {
    }

    /** SBI_EXT_XEN: Paravane: Xen hypercalls (firmware-specific range) */
    public static final int XEN = 0xA0E7E70;

    /** SBI_EXT_LEGACY_SET_TIMER: legacy set_timer(stime) */
    public static final int LEGACY_SET_TIMER = 0x0;

    /** SBI_EXT_LEGACY_CONSOLE_PUTCHAR: legacy console putchar(ch) */
    public static final int LEGACY_CONSOLE_PUTCHAR = 0x1;

    /** SBI_EXT_LEGACY_CONSOLE_GETCHAR: legacy console getchar() */
    public static final int LEGACY_CONSOLE_GETCHAR = 0x2;

    /** SBI_EXT_LEGACY_SHUTDOWN: legacy system shutdown */
    public static final int LEGACY_SHUTDOWN = 0x8;

    /** SBI_EXT_BASE: base extension */
    public static final int BASE = 0x10;

    /** SBI_EXT_TIME: "TIME" */
    public static final int TIME = 0x54494D45;

    /** SBI_EXT_SRST: "SRST" system reset */
    public static final int SRST = 0x53525354;

    /** SBI_EXT_HSM: "HSM" hart state management */
    public static final int HSM = 0x48534D;
}
