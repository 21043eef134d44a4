// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct vcpu_set_singleshot_timer of docs/abi.md (generated; little-endian). */
public final class SingleshotTimerLayout {

    private SingleshotTimerLayout() {
    }

    /** sizeof(struct vcpu_set_singleshot_timer) in bytes. */
    public static final int SIZEOF = 16;

    /** u64 timeout_abs_ns */
    public static final int TIMEOUT_ABS_NS = 0;

    /** u32 flags */
    public static final int FLAGS = 8;
}
