/*
 * Event channels, 2-level ABI (facts §2.4 layout, §2.5 delivery; docs/abi.md §3).
 *
 * An unmasked event sets evtchn_upcall_pending in vcpu_info and raises the supervisor
 * external interrupt (sip.SEIP). The handler clears upcall_pending, takes pending_sel,
 * scans evtchn_pending & ~evtchn_mask word by word, clears each pending bit and calls the
 * port's callback, then acknowledges with hypercall 48 (paravane_upcall_ack) so the
 * hypervisor lowers SEIP. Masked ports never reach a callback: their owner polls them
 * with sched_op(poll) and clears the pending bit itself (evtchn_test_and_clear).
 */
#include "kernel.h"
#include "bits.h"

static struct { evtchn_handler fn; void *arg; } handlers[MAX_PORTS];

void events_init(void)
{
    /* Every port starts masked; binding a callback unmasks it. */
    for (unsigned w = 0; w < MAX_PORTS / 64; w++) {
        __atomic_store_n(&boot.shared->evtchn_mask[w], ~0UL, __ATOMIC_SEQ_CST);
    }
    __asm__ volatile("csrs sie, %0" :: "r"(1UL << XEN_SIP_SEIP));
}

void irq_enable(void)
{
    __asm__ volatile("csrs sstatus, %0" :: "r"(2UL) : "memory"); /* sstatus.SIE */
}

void irq_disable(void)
{
    __asm__ volatile("csrc sstatus, %0" :: "r"(2UL) : "memory");
}

int evtchn_bind(uint32_t port, evtchn_handler h, void *arg)
{
    if (port == 0 || port >= MAX_PORTS) {
        return -XEN_EINVAL;
    }
    handlers[port].fn = h;
    handlers[port].arg = arg;
    /* EVTCHNOP_unmask re-delivers an event that arrived while masked (facts §2.5). */
    return (int)evtchn_unmask(port);
}

void evtchn_mask(uint32_t port)
{
    __atomic_fetch_or(&boot.shared->evtchn_mask[port / 64], 1UL << (port % 64), __ATOMIC_SEQ_CST);
}

int evtchn_test_and_clear(uint32_t port)
{
    uint64_t bit = 1UL << (port % 64);
    return (__atomic_fetch_and(&boot.shared->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) & bit) != 0;
}

/*
 * Called from the trap handler on a supervisor external interrupt. This is the event
 * latency path (docs/hypervisor.md, "Event upcall path"): shared_info is read through one
 * local pointer (the atomics are compiler barriers, so boot.shared would be reloaded after
 * each), words are scanned with ctz64 instead of libgcc's byte loop, and the loads of
 * evtchn_pending/evtchn_mask only need acquire order after the sequentially consistent
 * exchange of pending_sel (the hypervisor sets the port's bit before its selector bit,
 * facts §2.5). The order of the protocol steps is unchanged.
 */
void events_upcall(void)
{
    struct shared_info *s = boot.shared;
    struct vcpu_info *v = (struct vcpu_info *)s->vcpu_info0;
    __atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    uint64_t sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel != 0) {
        unsigned w = ctz64(sel);
        sel &= sel - 1;
        uint64_t ready = __atomic_load_n(&s->evtchn_pending[w], __ATOMIC_ACQUIRE)
                         & ~__atomic_load_n(&s->evtchn_mask[w], __ATOMIC_ACQUIRE);
        while (ready != 0) {
            unsigned b = ctz64(ready);
            ready &= ready - 1;
            uint64_t bit = 1UL << b;
            __atomic_fetch_and(&s->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST);
            uint32_t port = w * 64 + b;
            if (port < MAX_PORTS && handlers[port].fn) {
                handlers[port].fn(port, handlers[port].arg);
            }
        }
    }
    hypercall(__HYPERVISOR_paravane_upcall_ack, 0, 0, 0, 0, 0);
}

/*
 * Sleeps until *flag becomes nonzero. Interrupts are off between the test and
 * sched_op(block), so an event cannot slip in between: block returns at once when
 * upcall_pending is set, and the interrupt is taken as soon as SIE is on again.
 */
void wait_for(volatile int *flag)
{
    for (;;) {
        irq_disable();
        if (*flag) {
            irq_enable();
            return;
        }
        sched_block();
        irq_enable();
    }
}
