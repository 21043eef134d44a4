// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct sched_shutdown of docs/abi.md (generated; little-endian). */
public final class SchedShutdownLayout {

    private SchedShutdownLayout() {
    }

    /** sizeof(struct sched_shutdown) in bytes. */
    public static final int SIZEOF = 4;

    /** u32 reason */
    public static final int REASON = 0;
}
