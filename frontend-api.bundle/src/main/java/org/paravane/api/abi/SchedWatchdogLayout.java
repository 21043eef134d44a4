// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct sched_watchdog of docs/abi.md (generated; little-endian). */
public final class SchedWatchdogLayout {

    private SchedWatchdogLayout() {
    }

    /** sizeof(struct sched_watchdog) in bytes. */
    public static final int SIZEOF = 8;

    /** u32 id */
    public static final int ID = 0;

    /** u32 timeout: seconds */
    public static final int TIMEOUT = 4;
}
