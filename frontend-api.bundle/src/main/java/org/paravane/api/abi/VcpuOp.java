// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
package org.paravane.api.abi;

/** Constants VCPUOP_* of docs/abi.md (generated). */
public final class VcpuOp {

    private VcpuOp() {
    }

    /** VCPUOP_initialise */
    public static final int INITIALISE = 0;

    /** VCPUOP_up */
    public static final int UP = 1;

    /** VCPUOP_down */
    public static final int DOWN = 2;

    /** VCPUOP_is_up */
    public static final int IS_UP = 3;

    /** VCPUOP_get_runstate_info */
    public static final int GET_RUNSTATE_INFO = 4;

    /** VCPUOP_register_runstate_memory_area */
    public static final int REGISTER_RUNSTATE_MEMORY_AREA = 5;

    /** VCPUOP_set_periodic_timer */
    public static final int SET_PERIODIC_TIMER = 6;

    /** VCPUOP_stop_periodic_timer */
    public static final int STOP_PERIODIC_TIMER = 7;

    /** VCPUOP_set_singleshot_timer */
    public static final int SET_SINGLESHOT_TIMER = 8;

    /** VCPUOP_stop_singleshot_timer */
    public static final int STOP_SINGLESHOT_TIMER = 9;

    /** VCPUOP_register_vcpu_info */
    public static final int REGISTER_VCPU_INFO = 10;

    /** VCPUOP_send_nmi */
    public static final int SEND_NMI = 11;

    /** VCPUOP_get_physid */
    public static final int GET_PHYSID = 12;

    /** VCPUOP_SSHOTTMR_future: flag: -ETIME if the deadline has passed */
    public static final int SSHOTTMR_FUTURE = 1;
}
