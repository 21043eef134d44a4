// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct shared_info of docs/abi.md (generated; little-endian). */
public final class SharedInfoLayout {

    private SharedInfoLayout() {
    }

    /** sizeof(struct shared_info) in bytes. */
    public static final int SIZEOF = 1088;

    /** u8[48] vcpu_info0: vcpu_info of vCPU 0 (XEN_LEGACY_MAX_VCPUS = 1) */
    public static final int VCPU_INFO0 = 0;

    /** u64[64] evtchn_pending: port p: bit p%64 of word p/64 */
    public static final int EVTCHN_PENDING = 48;

    /** u64[64] evtchn_mask */
    public static final int EVTCHN_MASK = 560;

    /** u32 wc_version: seqlock */
    public static final int WC_VERSION = 1072;

    /** u32 wc_sec */
    public static final int WC_SEC = 1076;

    /** u32 wc_nsec */
    public static final int WC_NSEC = 1080;

    /** u32 wc_sec_hi */
    public static final int WC_SEC_HI = 1084;
}
