// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants XEN_* of docs/abi.md (generated). */
public final class Platform {

    private Platform() {
    }

    /** XEN_PAGE_SHIFT */
    public static final int PAGE_SHIFT = 12;

    /** XEN_PAGE_SIZE */
    public static final int PAGE_SIZE = 4096;

    /** XEN_RAM_BASE: guest-physical address of the first RAM byte */
    public static final long RAM_BASE = 0x80000000L;

    /** XEN_KERNEL_LOAD_ADDR: where kernels are linked (as on QEMU virt) */
    public static final long KERNEL_LOAD_ADDR = 0x80200000L;

    /** XEN_TIMEBASE_HZ: time CSR frequency */
    public static final int TIMEBASE_HZ = 10000000;

    /** XEN_NS_PER_TICK: system time ns per time CSR tick */
    public static final int NS_PER_TICK = 100;

    /** XEN_SIP_SSIP: sip bit: supervisor software interrupt */
    public static final int SIP_SSIP = 1;

    /** XEN_SIP_STIP: sip bit: supervisor timer interrupt (SBI timer) */
    public static final int SIP_STIP = 5;

    /** XEN_SIP_SEIP: sip bit: supervisor external interrupt (event upcall) */
    public static final int SIP_SEIP = 9;

    /** XEN_LEGACY_MAX_VCPUS: vcpu_info slots inside shared_info */
    public static final int LEGACY_MAX_VCPUS = 1;

    /** XEN_NR_EVENT_CHANNELS: 2-level ABI limit for 64-bit guests */
    public static final int NR_EVENT_CHANNELS = 4096;

    /** XEN_MAX_MULTICALL_ENTRIES: Paravane: larger counts fail with -E2BIG */
    public static final int MAX_MULTICALL_ENTRIES = 128;

    /** XEN_MAX_GNTTAB_BATCH: Paravane: grant_table_op count limit, larger fails with -E2BIG */
    public static final int MAX_GNTTAB_BATCH = 1024;

    /** XEN_SCHED_POLL_MAX_PORTS */
    public static final int SCHED_POLL_MAX_PORTS = 128;

    /** XEN_GNTTAB_NR_RESERVED_ENTRIES */
    public static final int GNTTAB_NR_RESERVED_ENTRIES = 8;

    /** XEN_GNTTAB_RESERVED_CONSOLE */
    public static final int GNTTAB_RESERVED_CONSOLE = 0;

    /** XEN_GNTTAB_RESERVED_XENSTORE */
    public static final int GNTTAB_RESERVED_XENSTORE = 1;

    /** XEN_MAX_GRANT_FRAMES: grant-table frames per domain */
    public static final int MAX_GRANT_FRAMES = 64;

    /** XEN_VERSION_MAJOR */
    public static final int VERSION_MAJOR = 4;

    /** XEN_VERSION_MINOR */
    public static final int VERSION_MINOR = 19;
}
