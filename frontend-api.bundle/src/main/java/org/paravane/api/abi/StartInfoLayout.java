// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Byte offsets of struct start_info of docs/abi.md (generated; little-endian). */
public final class StartInfoLayout {

    private StartInfoLayout() {
    }

    /** sizeof(struct start_info) in bytes. */
    public static final int SIZEOF = 1152;

    /** u8[32] magic: NUL-padded ASCII, XEN_START_INFO_MAGIC */
    public static final int MAGIC = 0;

    /** u64 nr_pages: RAM frames given to the domain */
    public static final int NR_PAGES = 32;

    /** u64 shared_info_pfn: frame where shared_info is already mapped (0 = map it yourself) */
    public static final int SHARED_INFO_PFN = 40;

    /** u32 flags: SIF_* */
    public static final int FLAGS = 48;

    /** u32 nr_vcpus: vCPUs of the domain */
    public static final int NR_VCPUS = 52;

    /** u64 store_pfn: xenstore ring frame */
    public static final int STORE_PFN = 56;

    /** u32 store_evtchn: xenstore event channel */
    public static final int STORE_EVTCHN = 64;

    /** u32 domid: the domain's own id */
    public static final int DOMID = 68;

    /** u64 console_pfn: console ring frame */
    public static final int CONSOLE_PFN = 72;

    /** u32 console_evtchn: console event channel */
    public static final int CONSOLE_EVTCHN = 80;

    /** u32 cmdline_len: bytes of cmd_line before the NUL */
    public static final int CMDLINE_LEN = 84;

    /** u64 ram_base: guest-physical address of RAM (XEN_RAM_BASE) */
    public static final int RAM_BASE = 88;

    /** u64 timebase_hz: frequency of the time CSR (XEN_TIMEBASE_HZ) */
    public static final int TIMEBASE_HZ = 96;

    /** u64 mod_start: guest-physical address of the initrd, 0 if none */
    public static final int MOD_START = 104;

    /** u64 mod_len: initrd length in bytes */
    public static final int MOD_LEN = 112;

    /** u64 reserved: zero */
    public static final int RESERVED = 120;

    /** u8[1024] cmd_line: NUL-terminated command line */
    public static final int CMD_LINE = 128;
}
