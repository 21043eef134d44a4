// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct vcpu_info of docs/abi.md (generated; little-endian). */
public final class VcpuInfoLayout {

    private VcpuInfoLayout() {
    }

    /** sizeof(struct vcpu_info) in bytes. */
    public static final int SIZEOF = 48;

    /** u8 evtchn_upcall_pending */
    public static final int EVTCHN_UPCALL_PENDING = 0;

    /** u8 evtchn_upcall_mask: padding on RISC-V (no per-vCPU mask in Xen's ARM/RISC-V ABI) */
    public static final int EVTCHN_UPCALL_MASK = 1;

    /** u64 evtchn_pending_sel */
    public static final int EVTCHN_PENDING_SEL = 8;

    /** u8[32] time: vcpu_time_info */
    public static final int TIME = 16;
}
