package org.paravane.core.evtchn;

import java.lang.foreign.MemorySegment;

/**
 * What the event-channel core needs from one domain. The domain layer implements it once
 * per domain and hands it to {@link EventChannels#createDomain}.
 *
 * <p>Rules for implementers: every method is called from arbitrary threads, possibly while
 * the event-channel core holds its per-domain locks, so none of them may block or call back
 * into {@link EventChannels}. The segments must stay valid until
 * {@link EventChannels#destroyDomain} has returned (free guest memory only afterwards).
 */
public interface EventHost {

    /**
     * The domain's shared_info page (docs/abi.md §5.1: evtchn_pending at 48, evtchn_mask at
     * 560, 64 words each). At least 1088 bytes, 8-byte aligned. Never null: Xen owns
     * shared_info from domain creation, whether or not the guest has mapped it yet.
     */
    MemorySegment sharedInfo();

    /**
     * The 48-byte vcpu_info of {@code vcpu} (the slot inside shared_info for vCPU 0 until the
     * guest registers another place with VCPUOP_register_vcpu_info), 8-byte aligned; or null
     * when the vCPU has none, in which case events still become pending but raise no upcall.
     */
    MemorySegment vcpuInfo(int vcpu);

    /** Number of vCPUs of the domain (ids 0..n-1). */
    int vcpuCount();

    /**
     * evtchn_upcall_pending of {@code vcpu} went from 0 to 1 (facts §2.5 "mark events
     * pending"): raise the upcall (the supervisor external interrupt) and wake the vCPU if
     * it is blocked. Must not block.
     */
    void kick(int vcpu);

    /**
     * Port {@code port} became pending (masked or not): wake any vCPU of this domain blocked
     * in SCHEDOP_poll on it (facts §2.5 step 3). Must not block.
     */
    void wakePollers(int port);
}
