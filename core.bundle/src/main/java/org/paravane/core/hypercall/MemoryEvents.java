package org.paravane.core.hypercall;

/**
 * What hypercall workers tell the event-channel and grant-table subsystems about memory
 * they changed, and ask them before changing it. Defaults do nothing (no subsystems).
 */
public interface MemoryEvents {

    /**
     * VCPUOP_register_vcpu_info moved a vCPU's vcpu_info: re-raise pending events there so
     * none is lost in the copy (xen-project/xen map_vcpu_info; docs/evtchn-grant.md).
     */
    default void vcpuInfoMoved(int domid, int vcpu) {
    }

    /**
     * True when RAM frame gfn of domid is mapped or copied through a grant right now:
     * decrease_reservation must not take it away from under the mapper.
     */
    default boolean isFramePinned(int domid, long gfn) {
        return false;
    }

    /** No subsystems. */
    MemoryEvents NONE = new MemoryEvents() {
    };
}
