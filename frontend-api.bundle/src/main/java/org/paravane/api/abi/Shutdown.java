// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants SHUTDOWN_* of docs/abi.md (generated). */
public final class Shutdown {

    private Shutdown() {
    }

    /** SHUTDOWN_poweroff */
    public static final int POWEROFF = 0;

    /** SHUTDOWN_reboot */
    public static final int REBOOT = 1;

    /** SHUTDOWN_suspend */
    public static final int SUSPEND = 2;

    /** SHUTDOWN_crash */
    public static final int CRASH = 3;

    /** SHUTDOWN_watchdog */
    public static final int WATCHDOG = 4;

    /** SHUTDOWN_soft_reset */
    public static final int SOFT_RESET = 5;
}
