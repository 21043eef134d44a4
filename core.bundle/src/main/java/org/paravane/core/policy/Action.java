package org.paravane.core.policy;

/**
 * What a hypercall worker is about to do, for the {@link SecurityPolicy} check (the
 * analogue of Xen's XSM hooks). Each worker names exactly one action and the target domain.
 */
public enum Action {
    /** xen_version: anyone, about the hypervisor. */
    XEN_VERSION(Scope.ANYONE),
    /** console_io write to the caller's own console. */
    CONSOLE_WRITE(Scope.SELF),
    /** console_io read: the hypervisor console belongs to the control domain. */
    CONSOLE_READ(Scope.PRIVILEGED),
    /** memory_op reservation ops (increase/decrease/populate/current/maximum) on a domain. */
    MEMORY_RESERVATION(Scope.TARGET),
    /** memory_op add_to_physmap on a domain. */
    MEMORY_PHYSMAP(Scope.TARGET),
    /** hvm_op get_param of a domain. */
    HVM_GET_PARAM(Scope.TARGET),
    /** hvm_op set_param: only a domain's controller, never the domain itself. */
    HVM_SET_PARAM(Scope.CONTROLLER),
    /** vcpu_op on the caller's own vCPUs. */
    VCPU_OP(Scope.SELF),
    /** sched_op yield/block/poll/shutdown/shutdown_code on oneself, set_timer_op. */
    SCHED_SELF(Scope.SELF),
    /** multicall: running a batch on oneself (each entry is checked again by its own worker). */
    MULTICALL(Scope.SELF),
    /** paravane_upcall_ack (hypercall 48) on one's own vCPU. */
    UPCALL_ACK(Scope.SELF),
    /** sched_op remote_shutdown of another domain. */
    SCHED_REMOTE_SHUTDOWN(Scope.CONTROLLER),
    /** Event-channel operations that manage another domain's port table. */
    EVTCHN_CONTROL(Scope.TARGET),
    /** Connecting an interdomain channel to / notifying another domain. */
    EVTCHN_CONNECT(Scope.PEER),
    /** Grant-table operations on a domain's own table (setup, query). */
    GNTTAB_CONTROL(Scope.TARGET),
    /** Mapping or copying another domain's grants. */
    GNTTAB_MAP(Scope.PEER);

    /** Who may perform an action by default. */
    public enum Scope {
        /** Every domain. */
        ANYONE,
        /** A domain on itself only (dom0 too, on itself). */
        SELF,
        /** Itself, or a domain it has rights over (dom0: all). */
        TARGET,
        /** Only a domain with rights over the target (dom0: all); not the target itself. */
        CONTROLLER,
        /** Any pair: the peer's own consent (unbound port, grant entry) is the permission. */
        PEER,
        /** dom0 only. */
        PRIVILEGED
    }

    private final Scope scope;

    Action(Scope scope) {
        this.scope = scope;
    }

    /** The default scope of this action. */
    public Scope scope() {
        return scope;
    }
}
