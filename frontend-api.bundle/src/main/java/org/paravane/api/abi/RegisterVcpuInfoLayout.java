// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct vcpu_register_vcpu_info of docs/abi.md (generated; little-endian). */
public final class RegisterVcpuInfoLayout {

    private RegisterVcpuInfoLayout() {
    }

    /** sizeof(struct vcpu_register_vcpu_info) in bytes. */
    public static final int SIZEOF = 16;

    /** u64 mfn: guest frame number */
    public static final int MFN = 0;

    /** u32 offset: byte offset of vcpu_info in that frame */
    public static final int OFFSET = 8;

    /** u32 rsvd */
    public static final int RSVD = 12;
}
