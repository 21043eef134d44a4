/* generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true */
/* The Paravane guest ABI for RISC-V (LP64, little-endian): see docs/abi.md. */
#ifndef PARAVANE_XEN_ABI_H
#define PARAVANE_XEN_ABI_H

#include <stddef.h>
#include <stdint.h>

/* SbiExtension */
#define SBI_EXT_XEN 0xA0E7E70 /* Paravane: Xen hypercalls (firmware-specific range) */
#define SBI_EXT_LEGACY_SET_TIMER 0x0 /* legacy set_timer(stime) */
#define SBI_EXT_LEGACY_CONSOLE_PUTCHAR 0x1 /* legacy console putchar(ch) */
#define SBI_EXT_LEGACY_CONSOLE_GETCHAR 0x2 /* legacy console getchar() */
#define SBI_EXT_LEGACY_SHUTDOWN 0x8 /* legacy system shutdown */
#define SBI_EXT_BASE 0x10 /* base extension */
#define SBI_EXT_TIME 0x54494D45 /* "TIME" */
#define SBI_EXT_SRST 0x53525354 /* "SRST" system reset */
#define SBI_EXT_HSM 0x48534D /* "HSM" hart state management */

/* SbiFunction */
#define SBI_FN_BASE_GET_SPEC_VERSION 0 /* returns (major << 24) | minor */
#define SBI_FN_BASE_GET_IMPL_ID 1
#define SBI_FN_BASE_GET_IMPL_VERSION 2
#define SBI_FN_BASE_PROBE_EXTENSION 3
#define SBI_FN_BASE_GET_MVENDORID 4
#define SBI_FN_BASE_GET_MARCHID 5
#define SBI_FN_BASE_GET_MIMPID 6
#define SBI_FN_TIME_SET_TIMER 0
#define SBI_FN_SRST_SYSTEM_RESET 0
#define SBI_FN_HSM_HART_START 0
#define SBI_FN_HSM_HART_STOP 1
#define SBI_FN_HSM_HART_GET_STATUS 2
#define SBI_FN_HSM_HART_SUSPEND 3

/* SbiConstants */
#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_DENIED (-4)
#define SBI_ERR_INVALID_ADDRESS (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_ERR_ALREADY_STARTED (-7)
#define SBI_ERR_ALREADY_STOPPED (-8)
#define SBI_SPEC_VERSION 0x2000000 /* SBI v2.0 */
#define SBI_IMPL_ID_PARAVANE 0x50564E /* Paravane: not a registered SBI implementation ID */
#define SBI_IMPL_VERSION 0x10000 /* Paravane 1.0 */
#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_SYSTEM_FAILURE 1
#define SBI_HSM_STATE_STARTED 0
#define SBI_HSM_STATE_STOPPED 1
#define SBI_HSM_STATE_START_PENDING 2
#define SBI_HSM_STATE_STOP_PENDING 3
#define SBI_TIMER_CANCEL (-1) /* stime value (all ones) that cancels the timer */

/* StartInfo */
#define XEN_START_INFO_MAGIC "paravane-1.0-riscv64" /* first bytes of start_info.magic */
#define XEN_START_INFO_PAGE_SIZE 4096
#define XEN_MAX_GUEST_CMDLINE 1024

/* Sif */
#define SIF_PRIVILEGED 1 /* the domain is privileged (dom0-like rights) */
#define SIF_INITDOMAIN 2 /* the domain is the initial domain */
#define SIF_MULTIBOOT_MOD 4
#define SIF_MOD_START_PFN 8
#define SIF_PM_MASK 0xFF00

/* Platform */
#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE 4096
#define XEN_RAM_BASE 0x80000000UL /* guest-physical address of the first RAM byte */
#define XEN_KERNEL_LOAD_ADDR 0x80200000UL /* where kernels are linked (as on QEMU virt) */
#define XEN_TIMEBASE_HZ 10000000 /* time CSR frequency */
#define XEN_NS_PER_TICK 100 /* system time ns per time CSR tick */
#define XEN_SIP_SSIP 1 /* sip bit: supervisor software interrupt */
#define XEN_SIP_STIP 5 /* sip bit: supervisor timer interrupt (SBI timer) */
#define XEN_SIP_SEIP 9 /* sip bit: supervisor external interrupt (event upcall) */
#define XEN_LEGACY_MAX_VCPUS 1 /* vcpu_info slots inside shared_info */
#define XEN_NR_EVENT_CHANNELS 4096 /* 2-level ABI limit for 64-bit guests */
#define XEN_MAX_MULTICALL_ENTRIES 128 /* Paravane: larger counts fail with -E2BIG */
#define XEN_MAX_GNTTAB_BATCH 1024 /* Paravane: grant_table_op count limit, larger fails with -E2BIG */
#define XEN_SCHED_POLL_MAX_PORTS 128
#define XEN_GNTTAB_NR_RESERVED_ENTRIES 8
#define XEN_GNTTAB_RESERVED_CONSOLE 0
#define XEN_GNTTAB_RESERVED_XENSTORE 1
#define XEN_MAX_GRANT_FRAMES 64 /* grant-table frames per domain */
#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 19

/* Hypercall */
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_sched_op_compat 6
#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9
#define __HYPERVISOR_update_descriptor 10
#define __HYPERVISOR_memory_op 12 /* ✓ memory_op(cmd, arg) */
#define __HYPERVISOR_multicall 13 /* ✓ multicall(entries_gpa, count) */
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15 /* ✓ set_timer_op(timeout_ns) */
#define __HYPERVISOR_event_channel_op_compat 16
#define __HYPERVISOR_xen_version 17 /* ✓ xen_version(cmd, arg) */
#define __HYPERVISOR_console_io 18 /* ✓ console_io(cmd, count, buffer) */
#define __HYPERVISOR_physdev_op_compat 19
#define __HYPERVISOR_grant_table_op 20 /* ✓ grant_table_op(cmd, args, count) */
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret 23
#define __HYPERVISOR_vcpu_op 24 /* ✓ vcpu_op(cmd, vcpuid, arg) */
#define __HYPERVISOR_set_segment_base 25
#define __HYPERVISOR_mmuext_op 26
#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
#define __HYPERVISOR_sched_op 29 /* ✓ sched_op(cmd, arg) */
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
#define __HYPERVISOR_event_channel_op 32 /* ✓ event_channel_op(cmd, arg) */
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34 /* ✓ hvm_op(cmd, arg) */
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_paravane_upcall_ack 48 /* ✓ Paravane (arch_0): acknowledge the event upcall (docs/abi.md §3) */
#define __HYPERVISOR_arch_7 55

/* XenErrno */
#define XEN_EPERM 1
#define XEN_ENOENT 2
#define XEN_ESRCH 3
#define XEN_EINTR 4
#define XEN_EIO 5
#define XEN_ENXIO 6
#define XEN_E2BIG 7
#define XEN_ENOEXEC 8
#define XEN_EBADF 9
#define XEN_ECHILD 10
#define XEN_EAGAIN 11
#define XEN_ENOMEM 12
#define XEN_EACCES 13
#define XEN_EFAULT 14
#define XEN_EBUSY 16
#define XEN_EEXIST 17
#define XEN_EXDEV 18
#define XEN_ENODEV 19
#define XEN_ENOTDIR 20
#define XEN_EISDIR 21
#define XEN_EINVAL 22
#define XEN_ENFILE 23
#define XEN_EMFILE 24
#define XEN_ENOSPC 28
#define XEN_EROFS 30
#define XEN_EMLINK 31
#define XEN_EDOM 33
#define XEN_ERANGE 34
#define XEN_EDEADLK 35
#define XEN_ENAMETOOLONG 36
#define XEN_ENOLCK 37
#define XEN_ENOSYS 38
#define XEN_ENOTEMPTY 39
#define XEN_ENODATA 61
#define XEN_ETIME 62
#define XEN_EBADMSG 74
#define XEN_EOVERFLOW 75
#define XEN_EILSEQ 84
#define XEN_ERESTART 85
#define XEN_ENOTSOCK 88
#define XEN_EMSGSIZE 90
#define XEN_EOPNOTSUPP 95
#define XEN_EADDRINUSE 98
#define XEN_EADDRNOTAVAIL 99
#define XEN_ENOBUFS 105
#define XEN_EISCONN 106
#define XEN_ENOTCONN 107
#define XEN_ETIMEDOUT 110
#define XEN_ECONNREFUSED 111

/* DomId */
#define DOMID_FIRST_RESERVED 0x7FF0
#define DOMID_SELF 0x7FF0 /* "the caller" */
#define DOMID_IO 0x7FF1
#define DOMID_XEN 0x7FF2
#define DOMID_COW 0x7FF3
#define DOMID_INVALID 0x7FF4
#define DOMID_ANY 0x7FF5
#define DOMID_IDLE 0x7FFF
#define DOMID_MASK 0x7FFF

/* XenVer */
#define XENVER_version 0
#define XENVER_extraversion 1
#define XENVER_compile_info 2
#define XENVER_capabilities 3
#define XENVER_changeset 4
#define XENVER_platform_parameters 5
#define XENVER_get_features 6
#define XENVER_pagesize 7
#define XENVER_guest_handle 8
#define XENVER_commandline 9
#define XENVER_build_id 10

/* XenFeature */
#define XENFEAT_writable_page_tables 0
#define XENFEAT_auto_translated_physmap 2
#define XENFEAT_supervisor_mode_kernel 3
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_dom0 11
#define XENFEAT_NR_SUBMAPS 1

/* XenVerSizes */
#define XEN_EXTRAVERSION_LEN 16
#define XEN_CHANGESET_LEN 64
#define XEN_CAPABILITIES_LEN 1024
#define XEN_PLATFORM_PARAMETERS_LEN 8

/* ConsoleIo */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* XenMem */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page 2
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_populate_physmap 6
#define XENMEM_add_to_physmap 7
#define XENMEM_memory_map 9
#define XENMEM_exchange 11
#define XENMEM_maximum_gpfn 14
#define XENMEM_remove_from_physmap 15
#define XENMEM_add_to_physmap_batch 23
#define XENMEM_claim_pages 24
#define XENMEM_acquire_resource 28
#define XENMEM_OP_MASK 0x3F

/* XenMapSpace */
#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1
#define XENMAPSPACE_gmfn 2
#define XENMAPSPACE_gmfn_range 3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio 5

/* HvmOp */
#define HVMOP_set_param 0
#define HVMOP_get_param 1

/* HvmParam */
#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_STORE_PFN 1
#define HVM_PARAM_STORE_EVTCHN 2
#define HVM_PARAM_CONSOLE_PFN 17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define HVM_PARAM_NR 39 /* Paravane stores indices 0..38 */

/* VcpuOp */
#define VCPUOP_initialise 0
#define VCPUOP_up 1
#define VCPUOP_down 2
#define VCPUOP_is_up 3
#define VCPUOP_get_runstate_info 4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
#define VCPUOP_register_vcpu_info 10
#define VCPUOP_send_nmi 11
#define VCPUOP_get_physid 12
#define VCPUOP_SSHOTTMR_future 1 /* flag: -ETIME if the deadline has passed */

/* SchedOp */
#define SCHEDOP_yield 0
#define SCHEDOP_block 1
#define SCHEDOP_shutdown 2
#define SCHEDOP_poll 3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code 5
#define SCHEDOP_watchdog 6

/* Shutdown */
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_suspend 2
#define SHUTDOWN_crash 3
#define SHUTDOWN_watchdog 4
#define SHUTDOWN_soft_reset 5

/* EvtchnOp */
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_bind_pirq 2
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi 7
#define EVTCHNOP_bind_vcpu 8
#define EVTCHNOP_unmask 9
#define EVTCHNOP_reset 10
#define EVTCHNOP_init_control 11
#define EVTCHNOP_expand_array 12
#define EVTCHNOP_set_priority 13

/* EvtchnStat */
#define EVTCHNSTAT_closed 0
#define EVTCHNSTAT_unbound 1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq 3
#define EVTCHNSTAT_virq 4
#define EVTCHNSTAT_ipi 5

/* Virq */
#define VIRQ_TIMER 0 /* V: per vCPU */
#define VIRQ_DEBUG 1 /* V */
#define VIRQ_CONSOLE 2 /* G: global */
#define VIRQ_DOM_EXC 3 /* G: a domain shut down or died */
#define VIRQ_TBUF 4 /* G */
#define VIRQ_DEBUGGER 6 /* G */
#define VIRQ_XENOPROF 7 /* V */
#define VIRQ_CON_RING 8 /* G */
#define VIRQ_PCPU_STATE 9 /* G */
#define VIRQ_MEM_EVENT 10 /* G */
#define VIRQ_ARGO 11 /* D */
#define VIRQ_ENOMEM 12 /* G */
#define VIRQ_XENPMU 13 /* V */
#define VIRQ_ARCH_0 16
#define VIRQ_ARCH_7 23
#define VIRQ_NR 24 /* NR_VIRQS */

/* GnttabOp */
#define GNTTABOP_map_grant_ref 0
#define GNTTABOP_unmap_grant_ref 1
#define GNTTABOP_setup_table 2
#define GNTTABOP_dump_table 3
#define GNTTABOP_transfer 4
#define GNTTABOP_copy 5
#define GNTTABOP_query_size 6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version 8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version 10
#define GNTTABOP_swap_grant_ref 11
#define GNTTABOP_cache_flush 12

/* Gtf */
#define GTF_invalid 0
#define GTF_permit_access 1
#define GTF_accept_transfer 2
#define GTF_transitive 3
#define GTF_type_mask 3
#define GTF_readonly 0x4
#define GTF_reading 0x8
#define GTF_writing 0x10
#define GTF_PWT 0x20
#define GTF_PCD 0x40
#define GTF_PAT 0x80
#define GTF_sub_page 0x100
#define GTF_transfer_committed 0x4
#define GTF_transfer_completed 0x8

/* Gntmap */
#define GNTMAP_device_map 1
#define GNTMAP_host_map 2
#define GNTMAP_readonly 4
#define GNTMAP_application_map 8
#define GNTMAP_contains_pte 16

/* GntCopy */
#define GNTCOPY_source_gref 1
#define GNTCOPY_dest_gref 2

/* Gntst */
#define GNTST_okay 0
#define GNTST_general_error (-1)
#define GNTST_bad_domain (-2)
#define GNTST_bad_gntref (-3)
#define GNTST_bad_handle (-4)
#define GNTST_bad_virt_addr (-5)
#define GNTST_bad_dev_addr (-6)
#define GNTST_no_device_space (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page (-9)
#define GNTST_bad_copy_arg (-10)
#define GNTST_address_too_big (-11)
#define GNTST_eagain (-12)
#define GNTST_no_space (-13)

/* Xencons */
#define XENCONS_CONNECTED 0 /* the backend serves the ring */
#define XENCONS_DISCONNECTED 1 /* nobody serves it (the initial state) */
#define XENCONS_IN_SIZE 1024
#define XENCONS_OUT_SIZE 2048

/* XsMsgType */
#define XS_CONTROL 0
#define XS_DIRECTORY 1
#define XS_READ 2
#define XS_GET_PERMS 3
#define XS_WATCH 4
#define XS_UNWATCH 5
#define XS_TRANSACTION_START 6
#define XS_TRANSACTION_END 7
#define XS_INTRODUCE 8
#define XS_RELEASE 9
#define XS_GET_DOMAIN_PATH 10
#define XS_WRITE 11
#define XS_MKDIR 12
#define XS_RM 13
#define XS_SET_PERMS 14
#define XS_WATCH_EVENT 15
#define XS_ERROR 16
#define XS_IS_DOMAIN_INTRODUCED 17
#define XS_RESUME 18
#define XS_SET_TARGET 19
#define XS_RESET_WATCHES 21

/* XsRing */
#define XENSTORE_RING_SIZE 1024
#define XENSTORE_PAYLOAD_MAX 4096

/* XenbusStateNumber */
#define XenbusStateUnknown 0
#define XenbusStateInitialising 1
#define XenbusStateInitWait 2 /* backend: waiting for the frontend's details */
#define XenbusStateInitialised 3 /* frontend: ring published */
#define XenbusStateConnected 4
#define XenbusStateClosing 5
#define XenbusStateClosed 6
#define XenbusStateReconfiguring 7
#define XenbusStateReconfigured 8

/* Sring */
#define SRING_HEADER_SIZE 64

/* BlkifOp */
#define BLKIF_OP_READ 0
#define BLKIF_OP_WRITE 1
#define BLKIF_OP_WRITE_BARRIER 2 /* needs feature-barrier */
#define BLKIF_OP_FLUSH_DISKCACHE 3 /* needs feature-flush-cache; no segments */
#define BLKIF_OP_RESERVED_1 4 /* reserved (never valid) */
#define BLKIF_OP_DISCARD 5 /* needs feature-discard */
#define BLKIF_OP_INDIRECT 6 /* needs feature-max-indirect-segments */

/* BlkifRsp */
#define BLKIF_RSP_OKAY 0
#define BLKIF_RSP_ERROR (-1)
#define BLKIF_RSP_EOPNOTSUPP (-2)

/* Blkif */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8
#define BLKIF_SEGS_PER_INDIRECT_FRAME 512 /* 4096 / sizeof(blkif_request_segment) */
#define BLKIF_SECTOR_SIZE 512 /* unit of every sector field */
#define BLKIF_DISCARD_SECURE 1 /* blkif_request_discard.flag */
#define BLKIF_RING_SLOTS_PER_PAGE 32 /* (4096 - 64) / 112 rounded down to a power of two */
#define BLKIF_PROTOCOL_RISCV64 "riscv64-abi"

/* Vdisk */
#define VDISK_CDROM 0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY 0x4

#define XEN_START_INFO_SIZE 1152
#define XEN_START_INFO_OFF_MAGIC 0
#define XEN_START_INFO_OFF_NR_PAGES 32
#define XEN_START_INFO_OFF_SHARED_INFO_PFN 40
#define XEN_START_INFO_OFF_FLAGS 48
#define XEN_START_INFO_OFF_NR_VCPUS 52
#define XEN_START_INFO_OFF_STORE_PFN 56
#define XEN_START_INFO_OFF_STORE_EVTCHN 64
#define XEN_START_INFO_OFF_DOMID 68
#define XEN_START_INFO_OFF_CONSOLE_PFN 72
#define XEN_START_INFO_OFF_CONSOLE_EVTCHN 80
#define XEN_START_INFO_OFF_CMDLINE_LEN 84
#define XEN_START_INFO_OFF_RAM_BASE 88
#define XEN_START_INFO_OFF_TIMEBASE_HZ 96
#define XEN_START_INFO_OFF_MOD_START 104
#define XEN_START_INFO_OFF_MOD_LEN 112
#define XEN_START_INFO_OFF_RESERVED 120
#define XEN_START_INFO_OFF_CMD_LINE 128
struct start_info {
    uint8_t magic[32]; /* NUL-padded ASCII, XEN_START_INFO_MAGIC */
    uint64_t nr_pages; /* RAM frames given to the domain */
    uint64_t shared_info_pfn; /* frame where shared_info is already mapped (0 = map it yourself) */
    uint32_t flags; /* SIF_* */
    uint32_t nr_vcpus; /* vCPUs of the domain */
    uint64_t store_pfn; /* xenstore ring frame */
    uint32_t store_evtchn; /* xenstore event channel */
    uint32_t domid; /* the domain's own id */
    uint64_t console_pfn; /* console ring frame */
    uint32_t console_evtchn; /* console event channel */
    uint32_t cmdline_len; /* bytes of cmd_line before the NUL */
    uint64_t ram_base; /* guest-physical address of RAM (XEN_RAM_BASE) */
    uint64_t timebase_hz; /* frequency of the time CSR (XEN_TIMEBASE_HZ) */
    uint64_t mod_start; /* guest-physical address of the initrd, 0 if none */
    uint64_t mod_len; /* initrd length in bytes */
    uint64_t reserved; /* zero */
    uint8_t cmd_line[1024]; /* NUL-terminated command line */
};
_Static_assert(sizeof(struct start_info) == 1152, "start_info size");
_Static_assert(offsetof(struct start_info, magic) == 0, "start_info.magic");
_Static_assert(offsetof(struct start_info, nr_pages) == 32, "start_info.nr_pages");
_Static_assert(offsetof(struct start_info, shared_info_pfn) == 40, "start_info.shared_info_pfn");
_Static_assert(offsetof(struct start_info, flags) == 48, "start_info.flags");
_Static_assert(offsetof(struct start_info, nr_vcpus) == 52, "start_info.nr_vcpus");
_Static_assert(offsetof(struct start_info, store_pfn) == 56, "start_info.store_pfn");
_Static_assert(offsetof(struct start_info, store_evtchn) == 64, "start_info.store_evtchn");
_Static_assert(offsetof(struct start_info, domid) == 68, "start_info.domid");
_Static_assert(offsetof(struct start_info, console_pfn) == 72, "start_info.console_pfn");
_Static_assert(offsetof(struct start_info, console_evtchn) == 80, "start_info.console_evtchn");
_Static_assert(offsetof(struct start_info, cmdline_len) == 84, "start_info.cmdline_len");
_Static_assert(offsetof(struct start_info, ram_base) == 88, "start_info.ram_base");
_Static_assert(offsetof(struct start_info, timebase_hz) == 96, "start_info.timebase_hz");
_Static_assert(offsetof(struct start_info, mod_start) == 104, "start_info.mod_start");
_Static_assert(offsetof(struct start_info, mod_len) == 112, "start_info.mod_len");
_Static_assert(offsetof(struct start_info, reserved) == 120, "start_info.reserved");
_Static_assert(offsetof(struct start_info, cmd_line) == 128, "start_info.cmd_line");

#define XEN_FEATURE_INFO_SIZE 8
#define XEN_FEATURE_INFO_OFF_SUBMAP_IDX 0
#define XEN_FEATURE_INFO_OFF_SUBMAP 4
struct xen_feature_info {
    uint32_t submap_idx; /* in: which 32-bit word of features */
    uint32_t submap; /* out */
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "xen_feature_info size");
_Static_assert(offsetof(struct xen_feature_info, submap_idx) == 0, "xen_feature_info.submap_idx");
_Static_assert(offsetof(struct xen_feature_info, submap) == 4, "xen_feature_info.submap");

#define XEN_COMPILE_INFO_SIZE 144
#define XEN_COMPILE_INFO_OFF_COMPILER 0
#define XEN_COMPILE_INFO_OFF_COMPILE_BY 64
#define XEN_COMPILE_INFO_OFF_COMPILE_DOMAIN 80
#define XEN_COMPILE_INFO_OFF_COMPILE_DATE 112
struct xen_compile_info {
    uint8_t compiler[64];
    uint8_t compile_by[16];
    uint8_t compile_domain[32];
    uint8_t compile_date[32];
};
_Static_assert(sizeof(struct xen_compile_info) == 144, "xen_compile_info size");
_Static_assert(offsetof(struct xen_compile_info, compiler) == 0, "xen_compile_info.compiler");
_Static_assert(offsetof(struct xen_compile_info, compile_by) == 64, "xen_compile_info.compile_by");
_Static_assert(offsetof(struct xen_compile_info, compile_domain) == 80, "xen_compile_info.compile_domain");
_Static_assert(offsetof(struct xen_compile_info, compile_date) == 112, "xen_compile_info.compile_date");

#define XEN_MEMORY_RESERVATION_SIZE 32
#define XEN_MEMORY_RESERVATION_OFF_EXTENT_START 0
#define XEN_MEMORY_RESERVATION_OFF_NR_EXTENTS 8
#define XEN_MEMORY_RESERVATION_OFF_EXTENT_ORDER 16
#define XEN_MEMORY_RESERVATION_OFF_MEM_FLAGS 20
#define XEN_MEMORY_RESERVATION_OFF_DOMID 24
struct xen_memory_reservation {
    uint64_t extent_start; /* guest-physical address of a u64 frame array (may be 0 for increase) */
    uint64_t nr_extents;
    uint32_t extent_order; /* must be 0 */
    uint32_t mem_flags;
    uint16_t domid;
    uint8_t _pad26[6];
};
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "xen_memory_reservation size");
_Static_assert(offsetof(struct xen_memory_reservation, extent_start) == 0, "xen_memory_reservation.extent_start");
_Static_assert(offsetof(struct xen_memory_reservation, nr_extents) == 8, "xen_memory_reservation.nr_extents");
_Static_assert(offsetof(struct xen_memory_reservation, extent_order) == 16, "xen_memory_reservation.extent_order");
_Static_assert(offsetof(struct xen_memory_reservation, mem_flags) == 20, "xen_memory_reservation.mem_flags");
_Static_assert(offsetof(struct xen_memory_reservation, domid) == 24, "xen_memory_reservation.domid");

#define XEN_REMOVE_FROM_PHYSMAP_SIZE 16
#define XEN_REMOVE_FROM_PHYSMAP_OFF_DOMID 0
#define XEN_REMOVE_FROM_PHYSMAP_OFF_GPFN 8
struct xen_remove_from_physmap {
    uint16_t domid;
    uint8_t _pad2[6];
    uint64_t gpfn;
};
_Static_assert(sizeof(struct xen_remove_from_physmap) == 16, "xen_remove_from_physmap size");
_Static_assert(offsetof(struct xen_remove_from_physmap, domid) == 0, "xen_remove_from_physmap.domid");
_Static_assert(offsetof(struct xen_remove_from_physmap, gpfn) == 8, "xen_remove_from_physmap.gpfn");

#define XEN_ADD_TO_PHYSMAP_SIZE 24
#define XEN_ADD_TO_PHYSMAP_OFF_DOMID 0
#define XEN_ADD_TO_PHYSMAP_OFF_SIZE 2
#define XEN_ADD_TO_PHYSMAP_OFF_SPACE 4
#define XEN_ADD_TO_PHYSMAP_OFF_IDX 8
#define XEN_ADD_TO_PHYSMAP_OFF_GPFN 16
struct xen_add_to_physmap {
    uint16_t domid;
    uint16_t size;
    uint32_t space; /* XENMAPSPACE_* */
    uint64_t idx;
    uint64_t gpfn;
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen_add_to_physmap size");
_Static_assert(offsetof(struct xen_add_to_physmap, domid) == 0, "xen_add_to_physmap.domid");
_Static_assert(offsetof(struct xen_add_to_physmap, size) == 2, "xen_add_to_physmap.size");
_Static_assert(offsetof(struct xen_add_to_physmap, space) == 4, "xen_add_to_physmap.space");
_Static_assert(offsetof(struct xen_add_to_physmap, idx) == 8, "xen_add_to_physmap.idx");
_Static_assert(offsetof(struct xen_add_to_physmap, gpfn) == 16, "xen_add_to_physmap.gpfn");

#define XEN_HVM_PARAM_SIZE 16
#define XEN_HVM_PARAM_OFF_DOMID 0
#define XEN_HVM_PARAM_OFF_PAD 2
#define XEN_HVM_PARAM_OFF_INDEX 4
#define XEN_HVM_PARAM_OFF_VALUE 8
struct xen_hvm_param {
    uint16_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param size");
_Static_assert(offsetof(struct xen_hvm_param, domid) == 0, "xen_hvm_param.domid");
_Static_assert(offsetof(struct xen_hvm_param, pad) == 2, "xen_hvm_param.pad");
_Static_assert(offsetof(struct xen_hvm_param, index) == 4, "xen_hvm_param.index");
_Static_assert(offsetof(struct xen_hvm_param, value) == 8, "xen_hvm_param.value");

#define XEN_VCPU_REGISTER_VCPU_INFO_SIZE 16
#define XEN_VCPU_REGISTER_VCPU_INFO_OFF_MFN 0
#define XEN_VCPU_REGISTER_VCPU_INFO_OFF_OFFSET 8
#define XEN_VCPU_REGISTER_VCPU_INFO_OFF_RSVD 12
struct vcpu_register_vcpu_info {
    uint64_t mfn; /* guest frame number */
    uint32_t offset; /* byte offset of vcpu_info in that frame */
    uint32_t rsvd;
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "vcpu_register_vcpu_info size");
_Static_assert(offsetof(struct vcpu_register_vcpu_info, mfn) == 0, "vcpu_register_vcpu_info.mfn");
_Static_assert(offsetof(struct vcpu_register_vcpu_info, offset) == 8, "vcpu_register_vcpu_info.offset");
_Static_assert(offsetof(struct vcpu_register_vcpu_info, rsvd) == 12, "vcpu_register_vcpu_info.rsvd");

#define XEN_VCPU_SET_SINGLESHOT_TIMER_SIZE 16
#define XEN_VCPU_SET_SINGLESHOT_TIMER_OFF_TIMEOUT_ABS_NS 0
#define XEN_VCPU_SET_SINGLESHOT_TIMER_OFF_FLAGS 8
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags;
    uint8_t _pad12[4];
};
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "vcpu_set_singleshot_timer size");
_Static_assert(offsetof(struct vcpu_set_singleshot_timer, timeout_abs_ns) == 0, "vcpu_set_singleshot_timer.timeout_abs_ns");
_Static_assert(offsetof(struct vcpu_set_singleshot_timer, flags) == 8, "vcpu_set_singleshot_timer.flags");

#define XEN_SCHED_SHUTDOWN_SIZE 4
#define XEN_SCHED_SHUTDOWN_OFF_REASON 0
struct sched_shutdown {
    uint32_t reason;
};
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown size");
_Static_assert(offsetof(struct sched_shutdown, reason) == 0, "sched_shutdown.reason");

#define XEN_SCHED_POLL_SIZE 24
#define XEN_SCHED_POLL_OFF_PORTS 0
#define XEN_SCHED_POLL_OFF_NR_PORTS 8
#define XEN_SCHED_POLL_OFF_TIMEOUT 16
struct sched_poll {
    uint64_t ports; /* guest-physical address of a u32 port array */
    uint32_t nr_ports; /* at most XEN_SCHED_POLL_MAX_PORTS */
    uint8_t _pad12[4];
    uint64_t timeout; /* absolute system time in ns, 0 = none */
};
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll size");
_Static_assert(offsetof(struct sched_poll, ports) == 0, "sched_poll.ports");
_Static_assert(offsetof(struct sched_poll, nr_ports) == 8, "sched_poll.nr_ports");
_Static_assert(offsetof(struct sched_poll, timeout) == 16, "sched_poll.timeout");

#define XEN_SCHED_WATCHDOG_SIZE 8
#define XEN_SCHED_WATCHDOG_OFF_ID 0
#define XEN_SCHED_WATCHDOG_OFF_TIMEOUT 4
struct sched_watchdog {
    uint32_t id;
    uint32_t timeout; /* seconds */
};
_Static_assert(sizeof(struct sched_watchdog) == 8, "sched_watchdog size");
_Static_assert(offsetof(struct sched_watchdog, id) == 0, "sched_watchdog.id");
_Static_assert(offsetof(struct sched_watchdog, timeout) == 4, "sched_watchdog.timeout");

#define XEN_SCHED_REMOTE_SHUTDOWN_SIZE 8
#define XEN_SCHED_REMOTE_SHUTDOWN_OFF_DOMAIN_ID 0
#define XEN_SCHED_REMOTE_SHUTDOWN_OFF_REASON 4
struct sched_remote_shutdown {
    uint16_t domain_id;
    uint8_t _pad2[2];
    uint32_t reason;
};
_Static_assert(sizeof(struct sched_remote_shutdown) == 8, "sched_remote_shutdown size");
_Static_assert(offsetof(struct sched_remote_shutdown, domain_id) == 0, "sched_remote_shutdown.domain_id");
_Static_assert(offsetof(struct sched_remote_shutdown, reason) == 4, "sched_remote_shutdown.reason");

#define XEN_MULTICALL_ENTRY_SIZE 64
#define XEN_MULTICALL_ENTRY_OFF_OP 0
#define XEN_MULTICALL_ENTRY_OFF_RESULT 8
#define XEN_MULTICALL_ENTRY_OFF_ARGS 16
struct multicall_entry {
    uint64_t op;
    uint64_t result;
    uint64_t args[6];
};
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall_entry size");
_Static_assert(offsetof(struct multicall_entry, op) == 0, "multicall_entry.op");
_Static_assert(offsetof(struct multicall_entry, result) == 8, "multicall_entry.result");
_Static_assert(offsetof(struct multicall_entry, args) == 16, "multicall_entry.args");

#define XEN_EVTCHN_ALLOC_UNBOUND_SIZE 8
#define XEN_EVTCHN_ALLOC_UNBOUND_OFF_DOM 0
#define XEN_EVTCHN_ALLOC_UNBOUND_OFF_REMOTE_DOM 2
#define XEN_EVTCHN_ALLOC_UNBOUND_OFF_PORT 4
struct evtchn_alloc_unbound {
    uint16_t dom;
    uint16_t remote_dom;
    uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "evtchn_alloc_unbound size");
_Static_assert(offsetof(struct evtchn_alloc_unbound, dom) == 0, "evtchn_alloc_unbound.dom");
_Static_assert(offsetof(struct evtchn_alloc_unbound, remote_dom) == 2, "evtchn_alloc_unbound.remote_dom");
_Static_assert(offsetof(struct evtchn_alloc_unbound, port) == 4, "evtchn_alloc_unbound.port");

#define XEN_EVTCHN_BIND_INTERDOMAIN_SIZE 12
#define XEN_EVTCHN_BIND_INTERDOMAIN_OFF_REMOTE_DOM 0
#define XEN_EVTCHN_BIND_INTERDOMAIN_OFF_REMOTE_PORT 4
#define XEN_EVTCHN_BIND_INTERDOMAIN_OFF_LOCAL_PORT 8
struct evtchn_bind_interdomain {
    uint16_t remote_dom;
    uint8_t _pad2[2];
    uint32_t remote_port;
    uint32_t local_port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "evtchn_bind_interdomain size");
_Static_assert(offsetof(struct evtchn_bind_interdomain, remote_dom) == 0, "evtchn_bind_interdomain.remote_dom");
_Static_assert(offsetof(struct evtchn_bind_interdomain, remote_port) == 4, "evtchn_bind_interdomain.remote_port");
_Static_assert(offsetof(struct evtchn_bind_interdomain, local_port) == 8, "evtchn_bind_interdomain.local_port");

#define XEN_EVTCHN_BIND_VIRQ_SIZE 12
#define XEN_EVTCHN_BIND_VIRQ_OFF_VIRQ 0
#define XEN_EVTCHN_BIND_VIRQ_OFF_VCPU 4
#define XEN_EVTCHN_BIND_VIRQ_OFF_PORT 8
struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "evtchn_bind_virq size");
_Static_assert(offsetof(struct evtchn_bind_virq, virq) == 0, "evtchn_bind_virq.virq");
_Static_assert(offsetof(struct evtchn_bind_virq, vcpu) == 4, "evtchn_bind_virq.vcpu");
_Static_assert(offsetof(struct evtchn_bind_virq, port) == 8, "evtchn_bind_virq.port");

#define XEN_EVTCHN_BIND_IPI_SIZE 8
#define XEN_EVTCHN_BIND_IPI_OFF_VCPU 0
#define XEN_EVTCHN_BIND_IPI_OFF_PORT 4
struct evtchn_bind_ipi {
    uint32_t vcpu;
    uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "evtchn_bind_ipi size");
_Static_assert(offsetof(struct evtchn_bind_ipi, vcpu) == 0, "evtchn_bind_ipi.vcpu");
_Static_assert(offsetof(struct evtchn_bind_ipi, port) == 4, "evtchn_bind_ipi.port");

#define XEN_EVTCHN_BIND_VCPU_SIZE 8
#define XEN_EVTCHN_BIND_VCPU_OFF_PORT 0
#define XEN_EVTCHN_BIND_VCPU_OFF_VCPU 4
struct evtchn_bind_vcpu {
    uint32_t port;
    uint32_t vcpu;
};
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "evtchn_bind_vcpu size");
_Static_assert(offsetof(struct evtchn_bind_vcpu, port) == 0, "evtchn_bind_vcpu.port");
_Static_assert(offsetof(struct evtchn_bind_vcpu, vcpu) == 4, "evtchn_bind_vcpu.vcpu");

#define XEN_EVTCHN_PORT_ARG_SIZE 4
#define XEN_EVTCHN_PORT_ARG_OFF_PORT 0
struct evtchn_port_arg {
    uint32_t port; /* close, send, unmask */
};
_Static_assert(sizeof(struct evtchn_port_arg) == 4, "evtchn_port_arg size");
_Static_assert(offsetof(struct evtchn_port_arg, port) == 0, "evtchn_port_arg.port");

#define XEN_EVTCHN_RESET_SIZE 2
#define XEN_EVTCHN_RESET_OFF_DOM 0
struct evtchn_reset {
    uint16_t dom;
};
_Static_assert(sizeof(struct evtchn_reset) == 2, "evtchn_reset size");
_Static_assert(offsetof(struct evtchn_reset, dom) == 0, "evtchn_reset.dom");

#define XEN_EVTCHN_STATUS_SIZE 24
#define XEN_EVTCHN_STATUS_OFF_DOM 0
#define XEN_EVTCHN_STATUS_OFF_PORT 4
#define XEN_EVTCHN_STATUS_OFF_STATUS 8
#define XEN_EVTCHN_STATUS_OFF_VCPU 12
#define XEN_EVTCHN_STATUS_OFF_UNBOUND_DOM 16
#define XEN_EVTCHN_STATUS_OFF_INTERDOMAIN_DOM 16
#define XEN_EVTCHN_STATUS_OFF_INTERDOMAIN_PORT 20
#define XEN_EVTCHN_STATUS_OFF_PIRQ 16
#define XEN_EVTCHN_STATUS_OFF_VIRQ 16
/* struct evtchn_status has union members: use the offsets above. */

#define XEN_SHARED_INFO_SIZE 1088
#define XEN_SHARED_INFO_OFF_VCPU_INFO0 0
#define XEN_SHARED_INFO_OFF_EVTCHN_PENDING 48
#define XEN_SHARED_INFO_OFF_EVTCHN_MASK 560
#define XEN_SHARED_INFO_OFF_WC_VERSION 1072
#define XEN_SHARED_INFO_OFF_WC_SEC 1076
#define XEN_SHARED_INFO_OFF_WC_NSEC 1080
#define XEN_SHARED_INFO_OFF_WC_SEC_HI 1084
struct shared_info {
    uint8_t vcpu_info0[48]; /* vcpu_info of vCPU 0 (XEN_LEGACY_MAX_VCPUS = 1) */
    uint64_t evtchn_pending[64]; /* port p: bit p%64 of word p/64 */
    uint64_t evtchn_mask[64];
    uint32_t wc_version; /* seqlock */
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
};
_Static_assert(sizeof(struct shared_info) == 1088, "shared_info size");
_Static_assert(offsetof(struct shared_info, vcpu_info0) == 0, "shared_info.vcpu_info0");
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 48, "shared_info.evtchn_pending");
_Static_assert(offsetof(struct shared_info, evtchn_mask) == 560, "shared_info.evtchn_mask");
_Static_assert(offsetof(struct shared_info, wc_version) == 1072, "shared_info.wc_version");
_Static_assert(offsetof(struct shared_info, wc_sec) == 1076, "shared_info.wc_sec");
_Static_assert(offsetof(struct shared_info, wc_nsec) == 1080, "shared_info.wc_nsec");
_Static_assert(offsetof(struct shared_info, wc_sec_hi) == 1084, "shared_info.wc_sec_hi");

#define XEN_VCPU_INFO_SIZE 48
#define XEN_VCPU_INFO_OFF_EVTCHN_UPCALL_PENDING 0
#define XEN_VCPU_INFO_OFF_EVTCHN_UPCALL_MASK 1
#define XEN_VCPU_INFO_OFF_EVTCHN_PENDING_SEL 8
#define XEN_VCPU_INFO_OFF_TIME 16
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask; /* padding on RISC-V (no per-vCPU mask in Xen's ARM/RISC-V ABI) */
    uint8_t _pad2[6];
    uint64_t evtchn_pending_sel;
    uint8_t time[32]; /* vcpu_time_info */
};
_Static_assert(sizeof(struct vcpu_info) == 48, "vcpu_info size");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_pending) == 0, "vcpu_info.evtchn_upcall_pending");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, "vcpu_info.evtchn_upcall_mask");
_Static_assert(offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "vcpu_info.evtchn_pending_sel");
_Static_assert(offsetof(struct vcpu_info, time) == 16, "vcpu_info.time");

#define XEN_VCPU_TIME_INFO_SIZE 32
#define XEN_VCPU_TIME_INFO_OFF_VERSION 0
#define XEN_VCPU_TIME_INFO_OFF_TSC_TIMESTAMP 8
#define XEN_VCPU_TIME_INFO_OFF_SYSTEM_TIME 16
#define XEN_VCPU_TIME_INFO_OFF_TSC_TO_SYSTEM_MUL 24
#define XEN_VCPU_TIME_INFO_OFF_TSC_SHIFT 28
#define XEN_VCPU_TIME_INFO_OFF_FLAGS 29
struct vcpu_time_info {
    uint32_t version; /* seqlock: odd = update in progress */
    uint8_t _pad4[4];
    uint64_t tsc_timestamp; /* time CSR value at the update */
    uint64_t system_time; /* ns at the update */
    uint32_t tsc_to_system_mul;
    uint8_t tsc_shift;
    uint8_t flags;
    uint8_t _pad30[2];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");
_Static_assert(offsetof(struct vcpu_time_info, version) == 0, "vcpu_time_info.version");
_Static_assert(offsetof(struct vcpu_time_info, tsc_timestamp) == 8, "vcpu_time_info.tsc_timestamp");
_Static_assert(offsetof(struct vcpu_time_info, system_time) == 16, "vcpu_time_info.system_time");
_Static_assert(offsetof(struct vcpu_time_info, tsc_to_system_mul) == 24, "vcpu_time_info.tsc_to_system_mul");
_Static_assert(offsetof(struct vcpu_time_info, tsc_shift) == 28, "vcpu_time_info.tsc_shift");
_Static_assert(offsetof(struct vcpu_time_info, flags) == 29, "vcpu_time_info.flags");

#define XEN_GRANT_ENTRY_V1_SIZE 8
#define XEN_GRANT_ENTRY_V1_OFF_FLAGS 0
#define XEN_GRANT_ENTRY_V1_OFF_DOMID 2
#define XEN_GRANT_ENTRY_V1_OFF_FRAME 4
struct grant_entry_v1 {
    uint16_t flags; /* GTF_* */
    uint16_t domid; /* grantee */
    uint32_t frame; /* granted guest frame number */
};
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1 size");
_Static_assert(offsetof(struct grant_entry_v1, flags) == 0, "grant_entry_v1.flags");
_Static_assert(offsetof(struct grant_entry_v1, domid) == 2, "grant_entry_v1.domid");
_Static_assert(offsetof(struct grant_entry_v1, frame) == 4, "grant_entry_v1.frame");

#define XEN_GNTTAB_MAP_GRANT_REF_SIZE 32
#define XEN_GNTTAB_MAP_GRANT_REF_OFF_HOST_ADDR 0
#define XEN_GNTTAB_MAP_GRANT_REF_OFF_FLAGS 8
#define XEN_GNTTAB_MAP_GRANT_REF_OFF_REF 12
#define XEN_GNTTAB_MAP_GRANT_REF_OFF_DOM 16
#define XEN_GNTTAB_MAP_GRANT_REF_OFF_STATUS 18
#define XEN_GNTTAB_MAP_GRANT_REF_OFF_HANDLE 20
#define XEN_GNTTAB_MAP_GRANT_REF_OFF_DEV_BUS_ADDR 24
struct gnttab_map_grant_ref {
    uint64_t host_addr; /* guest-physical address to map at (outside RAM) */
    uint32_t flags; /* GNTMAP_* */
    uint32_t ref;
    uint16_t dom;
    int16_t status; /* out: GNTST_* */
    uint32_t handle; /* out */
    uint64_t dev_bus_addr; /* out */
};
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "gnttab_map_grant_ref size");
_Static_assert(offsetof(struct gnttab_map_grant_ref, host_addr) == 0, "gnttab_map_grant_ref.host_addr");
_Static_assert(offsetof(struct gnttab_map_grant_ref, flags) == 8, "gnttab_map_grant_ref.flags");
_Static_assert(offsetof(struct gnttab_map_grant_ref, ref) == 12, "gnttab_map_grant_ref.ref");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dom) == 16, "gnttab_map_grant_ref.dom");
_Static_assert(offsetof(struct gnttab_map_grant_ref, status) == 18, "gnttab_map_grant_ref.status");
_Static_assert(offsetof(struct gnttab_map_grant_ref, handle) == 20, "gnttab_map_grant_ref.handle");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dev_bus_addr) == 24, "gnttab_map_grant_ref.dev_bus_addr");

#define XEN_GNTTAB_UNMAP_GRANT_REF_SIZE 24
#define XEN_GNTTAB_UNMAP_GRANT_REF_OFF_HOST_ADDR 0
#define XEN_GNTTAB_UNMAP_GRANT_REF_OFF_DEV_BUS_ADDR 8
#define XEN_GNTTAB_UNMAP_GRANT_REF_OFF_HANDLE 16
#define XEN_GNTTAB_UNMAP_GRANT_REF_OFF_STATUS 20
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    uint32_t handle;
    int16_t status;
    uint8_t _pad22[2];
};
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "gnttab_unmap_grant_ref size");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, host_addr) == 0, "gnttab_unmap_grant_ref.host_addr");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, dev_bus_addr) == 8, "gnttab_unmap_grant_ref.dev_bus_addr");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, handle) == 16, "gnttab_unmap_grant_ref.handle");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, status) == 20, "gnttab_unmap_grant_ref.status");

#define XEN_GNTTAB_SETUP_TABLE_SIZE 24
#define XEN_GNTTAB_SETUP_TABLE_OFF_DOM 0
#define XEN_GNTTAB_SETUP_TABLE_OFF_NR_FRAMES 4
#define XEN_GNTTAB_SETUP_TABLE_OFF_STATUS 8
#define XEN_GNTTAB_SETUP_TABLE_OFF_FRAME_LIST 16
struct gnttab_setup_table {
    uint16_t dom;
    uint8_t _pad2[2];
    uint32_t nr_frames;
    int16_t status;
    uint8_t _pad10[6];
    uint64_t frame_list; /* guest-physical address of a u64 frame array (out) */
};
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "gnttab_setup_table size");
_Static_assert(offsetof(struct gnttab_setup_table, dom) == 0, "gnttab_setup_table.dom");
_Static_assert(offsetof(struct gnttab_setup_table, nr_frames) == 4, "gnttab_setup_table.nr_frames");
_Static_assert(offsetof(struct gnttab_setup_table, status) == 8, "gnttab_setup_table.status");
_Static_assert(offsetof(struct gnttab_setup_table, frame_list) == 16, "gnttab_setup_table.frame_list");

#define XEN_GNTTAB_TRANSFER_SIZE 24
#define XEN_GNTTAB_TRANSFER_OFF_MFN 0
#define XEN_GNTTAB_TRANSFER_OFF_DOMID 8
#define XEN_GNTTAB_TRANSFER_OFF_REF 12
#define XEN_GNTTAB_TRANSFER_OFF_STATUS 16
struct gnttab_transfer {
    uint64_t mfn;
    uint16_t domid;
    uint8_t _pad10[2];
    uint32_t ref;
    int16_t status;
    uint8_t _pad18[6];
};
_Static_assert(sizeof(struct gnttab_transfer) == 24, "gnttab_transfer size");
_Static_assert(offsetof(struct gnttab_transfer, mfn) == 0, "gnttab_transfer.mfn");
_Static_assert(offsetof(struct gnttab_transfer, domid) == 8, "gnttab_transfer.domid");
_Static_assert(offsetof(struct gnttab_transfer, ref) == 12, "gnttab_transfer.ref");
_Static_assert(offsetof(struct gnttab_transfer, status) == 16, "gnttab_transfer.status");

#define XEN_GNTTAB_COPY_SIZE 40
#define XEN_GNTTAB_COPY_OFF_SOURCE_U 0
#define XEN_GNTTAB_COPY_OFF_SOURCE_DOMID 8
#define XEN_GNTTAB_COPY_OFF_SOURCE_OFFSET 10
#define XEN_GNTTAB_COPY_OFF_DEST_U 16
#define XEN_GNTTAB_COPY_OFF_DEST_DOMID 24
#define XEN_GNTTAB_COPY_OFF_DEST_OFFSET 26
#define XEN_GNTTAB_COPY_OFF_LEN 32
#define XEN_GNTTAB_COPY_OFF_FLAGS 34
#define XEN_GNTTAB_COPY_OFF_STATUS 36
struct gnttab_copy {
    uint64_t source_u; /* grant ref (u32) or guest frame number */
    uint16_t source_domid;
    uint16_t source_offset;
    uint8_t _pad12[4];
    uint64_t dest_u;
    uint16_t dest_domid;
    uint16_t dest_offset;
    uint8_t _pad28[4];
    uint16_t len;
    uint16_t flags; /* GNTCOPY_* */
    int16_t status;
    uint8_t _pad38[2];
};
_Static_assert(sizeof(struct gnttab_copy) == 40, "gnttab_copy size");
_Static_assert(offsetof(struct gnttab_copy, source_u) == 0, "gnttab_copy.source_u");
_Static_assert(offsetof(struct gnttab_copy, source_domid) == 8, "gnttab_copy.source_domid");
_Static_assert(offsetof(struct gnttab_copy, source_offset) == 10, "gnttab_copy.source_offset");
_Static_assert(offsetof(struct gnttab_copy, dest_u) == 16, "gnttab_copy.dest_u");
_Static_assert(offsetof(struct gnttab_copy, dest_domid) == 24, "gnttab_copy.dest_domid");
_Static_assert(offsetof(struct gnttab_copy, dest_offset) == 26, "gnttab_copy.dest_offset");
_Static_assert(offsetof(struct gnttab_copy, len) == 32, "gnttab_copy.len");
_Static_assert(offsetof(struct gnttab_copy, flags) == 34, "gnttab_copy.flags");
_Static_assert(offsetof(struct gnttab_copy, status) == 36, "gnttab_copy.status");

#define XEN_GNTTAB_QUERY_SIZE_SIZE 16
#define XEN_GNTTAB_QUERY_SIZE_OFF_DOM 0
#define XEN_GNTTAB_QUERY_SIZE_OFF_NR_FRAMES 4
#define XEN_GNTTAB_QUERY_SIZE_OFF_MAX_NR_FRAMES 8
#define XEN_GNTTAB_QUERY_SIZE_OFF_STATUS 12
struct gnttab_query_size {
    uint16_t dom;
    uint8_t _pad2[2];
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t status;
    uint8_t _pad14[2];
};
_Static_assert(sizeof(struct gnttab_query_size) == 16, "gnttab_query_size size");
_Static_assert(offsetof(struct gnttab_query_size, dom) == 0, "gnttab_query_size.dom");
_Static_assert(offsetof(struct gnttab_query_size, nr_frames) == 4, "gnttab_query_size.nr_frames");
_Static_assert(offsetof(struct gnttab_query_size, max_nr_frames) == 8, "gnttab_query_size.max_nr_frames");
_Static_assert(offsetof(struct gnttab_query_size, status) == 12, "gnttab_query_size.status");

#define XEN_XENCONS_INTERFACE_SIZE 3092
#define XEN_XENCONS_INTERFACE_OFF_IN 0
#define XEN_XENCONS_INTERFACE_OFF_OUT 1024
#define XEN_XENCONS_INTERFACE_OFF_IN_CONS 3072
#define XEN_XENCONS_INTERFACE_OFF_IN_PROD 3076
#define XEN_XENCONS_INTERFACE_OFF_OUT_CONS 3080
#define XEN_XENCONS_INTERFACE_OFF_OUT_PROD 3084
#define XEN_XENCONS_INTERFACE_OFF_CONNECTION 3088
struct xencons_interface {
    uint8_t in[1024]; /* backend → guest (keyboard input) */
    uint8_t out[2048]; /* guest → backend (console output) */
    uint32_t in_cons; /* written by the guest */
    uint32_t in_prod; /* written by the backend */
    uint32_t out_cons; /* written by the backend */
    uint32_t out_prod; /* written by the guest */
    uint8_t connection; /* written by the backend: XENCONS_CONNECTED / XENCONS_DISCONNECTED */
    uint8_t _pad3089[3];
};
_Static_assert(sizeof(struct xencons_interface) == 3092, "xencons_interface size");
_Static_assert(offsetof(struct xencons_interface, in) == 0, "xencons_interface.in");
_Static_assert(offsetof(struct xencons_interface, out) == 1024, "xencons_interface.out");
_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "xencons_interface.in_cons");
_Static_assert(offsetof(struct xencons_interface, in_prod) == 3076, "xencons_interface.in_prod");
_Static_assert(offsetof(struct xencons_interface, out_cons) == 3080, "xencons_interface.out_cons");
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084, "xencons_interface.out_prod");
_Static_assert(offsetof(struct xencons_interface, connection) == 3088, "xencons_interface.connection");

#define XEN_XENSTORE_DOMAIN_INTERFACE_SIZE 2080
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_REQ 0
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_RSP 1024
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_REQ_CONS 2048
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_REQ_PROD 2052
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_RSP_CONS 2056
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_RSP_PROD 2060
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_SERVER_FEATURES 2064
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_CONNECTION 2068
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_ERROR 2072
#define XEN_XENSTORE_DOMAIN_INTERFACE_OFF_EVTCHN_PORT 2076
struct xenstore_domain_interface {
    uint8_t req[1024]; /* guest → server */
    uint8_t rsp[1024]; /* server → guest (replies and watch events) */
    uint32_t req_cons;
    uint32_t req_prod;
    uint32_t rsp_cons;
    uint32_t rsp_prod;
    uint32_t server_features;
    uint32_t connection;
    uint32_t error;
    uint32_t evtchn_port;
};
_Static_assert(sizeof(struct xenstore_domain_interface) == 2080, "xenstore_domain_interface size");
_Static_assert(offsetof(struct xenstore_domain_interface, req) == 0, "xenstore_domain_interface.req");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp) == 1024, "xenstore_domain_interface.rsp");
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048, "xenstore_domain_interface.req_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, req_prod) == 2052, "xenstore_domain_interface.req_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_cons) == 2056, "xenstore_domain_interface.rsp_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_prod) == 2060, "xenstore_domain_interface.rsp_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) == 2064, "xenstore_domain_interface.server_features");
_Static_assert(offsetof(struct xenstore_domain_interface, connection) == 2068, "xenstore_domain_interface.connection");
_Static_assert(offsetof(struct xenstore_domain_interface, error) == 2072, "xenstore_domain_interface.error");
_Static_assert(offsetof(struct xenstore_domain_interface, evtchn_port) == 2076, "xenstore_domain_interface.evtchn_port");

#define XEN_XSD_SOCKMSG_SIZE 16
#define XEN_XSD_SOCKMSG_OFF_TYPE 0
#define XEN_XSD_SOCKMSG_OFF_REQ_ID 4
#define XEN_XSD_SOCKMSG_OFF_TX_ID 8
#define XEN_XSD_SOCKMSG_OFF_LEN 12
struct xsd_sockmsg {
    uint32_t type; /* XS_* */
    uint32_t req_id; /* echoed in the reply */
    uint32_t tx_id; /* transaction id, 0 = none */
    uint32_t len; /* payload bytes that follow */
};
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg size");
_Static_assert(offsetof(struct xsd_sockmsg, type) == 0, "xsd_sockmsg.type");
_Static_assert(offsetof(struct xsd_sockmsg, req_id) == 4, "xsd_sockmsg.req_id");
_Static_assert(offsetof(struct xsd_sockmsg, tx_id) == 8, "xsd_sockmsg.tx_id");
_Static_assert(offsetof(struct xsd_sockmsg, len) == 12, "xsd_sockmsg.len");

#define XEN_SRING_HEADER_SIZE 64
#define XEN_SRING_HEADER_OFF_REQ_PROD 0
#define XEN_SRING_HEADER_OFF_REQ_EVENT 4
#define XEN_SRING_HEADER_OFF_RSP_PROD 8
#define XEN_SRING_HEADER_OFF_RSP_EVENT 12
#define XEN_SRING_HEADER_OFF_PVT 16
#define XEN_SRING_HEADER_OFF_PAD 20
struct sring_header {
    uint32_t req_prod; /* written by the front */
    uint32_t req_event; /* written by the back: notify when req_prod passes this */
    uint32_t rsp_prod; /* written by the back */
    uint32_t rsp_event; /* written by the front: notify when rsp_prod passes this */
    uint8_t pvt[4]; /* protocol-private (unused by blkif) */
    uint8_t pad[44]; /* zero */
};
_Static_assert(sizeof(struct sring_header) == 64, "sring_header size");
_Static_assert(offsetof(struct sring_header, req_prod) == 0, "sring_header.req_prod");
_Static_assert(offsetof(struct sring_header, req_event) == 4, "sring_header.req_event");
_Static_assert(offsetof(struct sring_header, rsp_prod) == 8, "sring_header.rsp_prod");
_Static_assert(offsetof(struct sring_header, rsp_event) == 12, "sring_header.rsp_event");
_Static_assert(offsetof(struct sring_header, pvt) == 16, "sring_header.pvt");
_Static_assert(offsetof(struct sring_header, pad) == 20, "sring_header.pad");

#define XEN_BLKIF_REQUEST_SEGMENT_SIZE 8
#define XEN_BLKIF_REQUEST_SEGMENT_OFF_GREF 0
#define XEN_BLKIF_REQUEST_SEGMENT_OFF_FIRST_SECT 4
#define XEN_BLKIF_REQUEST_SEGMENT_OFF_LAST_SECT 5
struct blkif_request_segment {
    uint32_t gref; /* grant of one 4 KiB data page */
    uint8_t first_sect; /* first 512-byte sector in the page (inclusive) */
    uint8_t last_sect; /* last sector in the page (inclusive), 0..7 */
    uint8_t _pad6[2];
};
_Static_assert(sizeof(struct blkif_request_segment) == 8, "blkif_request_segment size");
_Static_assert(offsetof(struct blkif_request_segment, gref) == 0, "blkif_request_segment.gref");
_Static_assert(offsetof(struct blkif_request_segment, first_sect) == 4, "blkif_request_segment.first_sect");
_Static_assert(offsetof(struct blkif_request_segment, last_sect) == 5, "blkif_request_segment.last_sect");

#define XEN_BLKIF_REQUEST_SIZE 112
#define XEN_BLKIF_REQUEST_OFF_OPERATION 0
#define XEN_BLKIF_REQUEST_OFF_NR_SEGMENTS 1
#define XEN_BLKIF_REQUEST_OFF_HANDLE 2
#define XEN_BLKIF_REQUEST_OFF_ID 8
#define XEN_BLKIF_REQUEST_OFF_SECTOR_NUMBER 16
#define XEN_BLKIF_REQUEST_OFF_SEG 24
struct blkif_request {
    uint8_t operation; /* BLKIF_OP_* */
    uint8_t nr_segments; /* 1..11 for read/write, 0 for flush */
    uint16_t handle; /* virtual device handle */
    uint8_t _pad4[4];
    uint64_t id; /* echoed in the response */
    uint64_t sector_number; /* start sector (512-byte units) */
    uint64_t seg[11]; /* 11 blkif_request_segment (8 bytes each) */
};
_Static_assert(sizeof(struct blkif_request) == 112, "blkif_request size");
_Static_assert(offsetof(struct blkif_request, operation) == 0, "blkif_request.operation");
_Static_assert(offsetof(struct blkif_request, nr_segments) == 1, "blkif_request.nr_segments");
_Static_assert(offsetof(struct blkif_request, handle) == 2, "blkif_request.handle");
_Static_assert(offsetof(struct blkif_request, id) == 8, "blkif_request.id");
_Static_assert(offsetof(struct blkif_request, sector_number) == 16, "blkif_request.sector_number");
_Static_assert(offsetof(struct blkif_request, seg) == 24, "blkif_request.seg");

#define XEN_BLKIF_REQUEST_DISCARD_SIZE 32
#define XEN_BLKIF_REQUEST_DISCARD_OFF_OPERATION 0
#define XEN_BLKIF_REQUEST_DISCARD_OFF_FLAG 1
#define XEN_BLKIF_REQUEST_DISCARD_OFF_HANDLE 2
#define XEN_BLKIF_REQUEST_DISCARD_OFF_ID 8
#define XEN_BLKIF_REQUEST_DISCARD_OFF_SECTOR_NUMBER 16
#define XEN_BLKIF_REQUEST_DISCARD_OFF_NR_SECTORS 24
struct blkif_request_discard {
    uint8_t operation; /* BLKIF_OP_DISCARD */
    uint8_t flag; /* BLKIF_DISCARD_SECURE */
    uint16_t handle;
    uint8_t _pad4[4];
    uint64_t id;
    uint64_t sector_number;
    uint64_t nr_sectors;
};
_Static_assert(sizeof(struct blkif_request_discard) == 32, "blkif_request_discard size");
_Static_assert(offsetof(struct blkif_request_discard, operation) == 0, "blkif_request_discard.operation");
_Static_assert(offsetof(struct blkif_request_discard, flag) == 1, "blkif_request_discard.flag");
_Static_assert(offsetof(struct blkif_request_discard, handle) == 2, "blkif_request_discard.handle");
_Static_assert(offsetof(struct blkif_request_discard, id) == 8, "blkif_request_discard.id");
_Static_assert(offsetof(struct blkif_request_discard, sector_number) == 16, "blkif_request_discard.sector_number");
_Static_assert(offsetof(struct blkif_request_discard, nr_sectors) == 24, "blkif_request_discard.nr_sectors");

#define XEN_BLKIF_REQUEST_INDIRECT_SIZE 64
#define XEN_BLKIF_REQUEST_INDIRECT_OFF_OPERATION 0
#define XEN_BLKIF_REQUEST_INDIRECT_OFF_INDIRECT_OP 1
#define XEN_BLKIF_REQUEST_INDIRECT_OFF_NR_SEGMENTS 2
#define XEN_BLKIF_REQUEST_INDIRECT_OFF_ID 8
#define XEN_BLKIF_REQUEST_INDIRECT_OFF_SECTOR_NUMBER 16
#define XEN_BLKIF_REQUEST_INDIRECT_OFF_HANDLE 24
#define XEN_BLKIF_REQUEST_INDIRECT_OFF_INDIRECT_GREFS 28
struct blkif_request_indirect {
    uint8_t operation; /* BLKIF_OP_INDIRECT */
    uint8_t indirect_op; /* BLKIF_OP_READ or BLKIF_OP_WRITE */
    uint16_t nr_segments; /* up to 8 * 512, bounded by feature-max-indirect-segments */
    uint8_t _pad4[4];
    uint64_t id;
    uint64_t sector_number;
    uint16_t handle;
    uint8_t _pad26[2];
    uint32_t indirect_grefs[8]; /* pages of blkif_request_segment */
    uint8_t _pad60[4];
};
_Static_assert(sizeof(struct blkif_request_indirect) == 64, "blkif_request_indirect size");
_Static_assert(offsetof(struct blkif_request_indirect, operation) == 0, "blkif_request_indirect.operation");
_Static_assert(offsetof(struct blkif_request_indirect, indirect_op) == 1, "blkif_request_indirect.indirect_op");
_Static_assert(offsetof(struct blkif_request_indirect, nr_segments) == 2, "blkif_request_indirect.nr_segments");
_Static_assert(offsetof(struct blkif_request_indirect, id) == 8, "blkif_request_indirect.id");
_Static_assert(offsetof(struct blkif_request_indirect, sector_number) == 16, "blkif_request_indirect.sector_number");
_Static_assert(offsetof(struct blkif_request_indirect, handle) == 24, "blkif_request_indirect.handle");
_Static_assert(offsetof(struct blkif_request_indirect, indirect_grefs) == 28, "blkif_request_indirect.indirect_grefs");

#define XEN_BLKIF_RESPONSE_SIZE 16
#define XEN_BLKIF_RESPONSE_OFF_ID 0
#define XEN_BLKIF_RESPONSE_OFF_OPERATION 8
#define XEN_BLKIF_RESPONSE_OFF_STATUS 10
struct blkif_response {
    uint64_t id; /* the request's id */
    uint8_t operation; /* the request's operation */
    uint8_t _pad9[1];
    int16_t status; /* BLKIF_RSP_* */
    uint8_t _pad12[4];
};
_Static_assert(sizeof(struct blkif_response) == 16, "blkif_response size");
_Static_assert(offsetof(struct blkif_response, id) == 0, "blkif_response.id");
_Static_assert(offsetof(struct blkif_response, operation) == 8, "blkif_response.operation");
_Static_assert(offsetof(struct blkif_response, status) == 10, "blkif_response.status");

#endif /* PARAVANE_XEN_ABI_H */
