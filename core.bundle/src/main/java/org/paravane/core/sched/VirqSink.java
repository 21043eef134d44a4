package org.paravane.core.sched;

/**
 * Where per-vCPU virtual interrupts go (the event-channel subsystem implements it:
 * VIRQ_TIMER on a set_timer_op expiry). Must not block.
 */
@FunctionalInterface
public interface VirqSink {

    /** Sends {@code virq} to vCPU {@code vcpu} of domain {@code domid}; no-op when unbound. */
    void sendVirq(int domid, int vcpu, int virq);

    /** Drops every VIRQ (before event channels exist). */
    VirqSink NONE = (domid, vcpu, virq) -> { };
}
