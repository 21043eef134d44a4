// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct vcpu_time_info of docs/abi.md (generated; little-endian). */
public final class VcpuTimeInfoLayout {

    private VcpuTimeInfoLayout() {
    }

    /** sizeof(struct vcpu_time_info) in bytes. */
    public static final int SIZEOF = 32;

    /** u32 version: seqlock: odd = update in progress */
    public static final int VERSION = 0;

    /** u64 tsc_timestamp: time CSR value at the update */
    public static final int TSC_TIMESTAMP = 8;

    /** u64 system_time: ns at the update */
    public static final int SYSTEM_TIME = 16;

    /** u32 tsc_to_system_mul */
    public static final int TSC_TO_SYSTEM_MUL = 24;

    /** u8 tsc_shift */
    public static final int TSC_SHIFT = 28;

    /** u8 flags */
    public static final int FLAGS = 29;
}
