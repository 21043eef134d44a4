// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants __HYPERVISOR_* of docs/abi.md (generated). */
public final class Hypercall {

    private Hypercall() {
    }

    /** __HYPERVISOR_set_trap_table */
    public static final int SET_TRAP_TABLE = 0;

    /** __HYPERVISOR_mmu_update */
    public static final int MMU_UPDATE = 1;

    /** __HYPERVISOR_set_gdt */
    public static final int SET_GDT = 2;

    /** __HYPERVISOR_stack_switch */
    public static final int STACK_SWITCH = 3;

    /** __HYPERVISOR_set_callbacks */
    public static final int SET_CALLBACKS = 4;

    /** __HYPERVISOR_fpu_taskswitch */
    public static final int FPU_TASKSWITCH = 5;

    /** __HYPERVISOR_sched_op_compat */
    public static final int SCHED_OP_COMPAT = 6;

    /** __HYPERVISOR_platform_op */
    public static final int PLATFORM_OP = 7;

    /** __HYPERVISOR_set_debugreg */
    public static final int SET_DEBUGREG = 8;

    /** __HYPERVISOR_get_debugreg */
    public static final int GET_DEBUGREG = 9;

    /** __HYPERVISOR_update_descriptor */
    public static final int UPDATE_DESCRIPTOR = 10;

    /** __HYPERVISOR_memory_op: ✓ memory_op(cmd, arg) */
    public static final int MEMORY_OP = 12;

    /** __HYPERVISOR_multicall: ✓ multicall(entries_gpa, count) */
    public static final int MULTICALL = 13;

    /** __HYPERVISOR_update_va_mapping */
    public static final int UPDATE_VA_MAPPING = 14;

    /** __HYPERVISOR_set_timer_op: ✓ set_timer_op(timeout_ns) */
    public static final int SET_TIMER_OP = 15;

    /** __HYPERVISOR_event_channel_op_compat */
    public static final int EVENT_CHANNEL_OP_COMPAT = 16;

    /** __HYPERVISOR_xen_version: ✓ xen_version(cmd, arg) */
    public static final int XEN_VERSION = 17;

    /** __HYPERVISOR_console_io: ✓ console_io(cmd, count, buffer) */
    public static final int CONSOLE_IO = 18;

    /** __HYPERVISOR_physdev_op_compat */
    public static final int PHYSDEV_OP_COMPAT = 19;

    /** __HYPERVISOR_grant_table_op: ✓ grant_table_op(cmd, args, count) */
    public static final int GRANT_TABLE_OP = 20;

    /** __HYPERVISOR_vm_assist */
    public static final int VM_ASSIST = 21;

    /** __HYPERVISOR_update_va_mapping_otherdomain */
    public static final int UPDATE_VA_MAPPING_OTHERDOMAIN = 22;

    /** __HYPERVISOR_iret */
    public static final int IRET = 23;

    /** __HYPERVISOR_vcpu_op: ✓ vcpu_op(cmd, vcpuid, arg) */
    public static final int VCPU_OP = 24;

    /** __HYPERVISOR_set_segment_base */
    public static final int SET_SEGMENT_BASE = 25;

    /** __HYPERVISOR_mmuext_op */
    public static final int MMUEXT_OP = 26;

    /** __HYPERVISOR_xsm_op */
    public static final int XSM_OP = 27;

    /** __HYPERVISOR_nmi_op */
    public static final int NMI_OP = 28;

    /** __HYPERVISOR_sched_op: ✓ sched_op(cmd, arg) */
    public static final int SCHED_OP = 29;

    /** __HYPERVISOR_callback_op */
    public static final int CALLBACK_OP = 30;

    /** __HYPERVISOR_xenoprof_op */
    public static final int XENOPROF_OP = 31;

    /** __HYPERVISOR_event_channel_op: ✓ event_channel_op(cmd, arg) */
    public static final int EVENT_CHANNEL_OP = 32;

    /** __HYPERVISOR_physdev_op */
    public static final int PHYSDEV_OP = 33;

    /** __HYPERVISOR_hvm_op: ✓ hvm_op(cmd, arg) */
    public static final int HVM_OP = 34;

    /** __HYPERVISOR_sysctl */
    public static final int SYSCTL = 35;

    /** __HYPERVISOR_domctl */
    public static final int DOMCTL = 36;

    /** __HYPERVISOR_kexec_op */
    public static final int KEXEC_OP = 37;

    /** __HYPERVISOR_tmem_op */
    public static final int TMEM_OP = 38;

    /** __HYPERVISOR_argo_op */
    public static final int ARGO_OP = 39;

    /** __HYPERVISOR_xenpmu_op */
    public static final int XENPMU_OP = 40;

    /** __HYPERVISOR_dm_op */
    public static final int DM_OP = 41;

    /** __HYPERVISOR_hypfs_op */
    public static final int HYPFS_OP = 42;

    /** __HYPERVISOR_arch_0 */
    public static final int ARCH_0 = 48;

    /** __HYPERVISOR_paravane_upcall_ack: ✓ Paravane (arch_0): acknowledge the event upcall (docs/abi.md §3) */
    public static final int PARAVANE_UPCALL_ACK = 48;

    /** __HYPERVISOR_arch_7 */
    public static final int ARCH_7 = 55;
}
