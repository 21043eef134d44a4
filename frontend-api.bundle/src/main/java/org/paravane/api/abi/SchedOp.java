// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants SCHEDOP_* of docs/abi.md (generated). */
public final class SchedOp {

    private SchedOp() {
    }

    /** SCHEDOP_yield */
    public static final int YIELD = 0;

    /** SCHEDOP_block */
    public static final int BLOCK = 1;

    /** SCHEDOP_shutdown */
    public static final int SHUTDOWN = 2;

    /** SCHEDOP_poll */
    public static final int POLL = 3;

    /** SCHEDOP_remote_shutdown */
    public static final int REMOTE_SHUTDOWN = 4;

    /** SCHEDOP_shutdown_code */
    public static final int SHUTDOWN_CODE = 5;

    /** SCHEDOP_watchdog */
    public static final int WATCHDOG = 6;
}
