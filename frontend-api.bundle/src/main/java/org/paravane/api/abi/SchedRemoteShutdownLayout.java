// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct sched_remote_shutdown of docs/abi.md (generated; little-endian). */
public final class SchedRemoteShutdownLayout {

    private SchedRemoteShutdownLayout() {
    }

    /** sizeof(struct sched_remote_shutdown) in bytes. */
    public static final int SIZEOF = 8;

    /** u16 domain_id */
    public static final int DOMAIN_ID = 0;

    /** u32 reason */
    public static final int REASON = 4;
}
