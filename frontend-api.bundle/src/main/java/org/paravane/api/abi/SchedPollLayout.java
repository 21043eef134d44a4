// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct sched_poll of docs/abi.md (generated; little-endian). */
public final class SchedPollLayout {

    private SchedPollLayout() {
    }

    /** sizeof(struct sched_poll) in bytes. */
    public static final int SIZEOF = 24;

    /** u64 ports: guest-physical address of a u32 port array */
    public static final int PORTS = 0;

    /** u32 nr_ports: at most XEN_SCHED_POLL_MAX_PORTS */
    public static final int NR_PORTS = 8;

    /** u64 timeout: absolute system time in ns, 0 = none */
    public static final int TIMEOUT = 16;
}
