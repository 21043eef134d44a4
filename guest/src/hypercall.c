/*
 * The hypercall layer (docs/abi.md §1 "Trap convention"): every request is an ecall.
 * Xen hypercalls: a7 = SBI_EXT_XEN, a6 = hypercall number, arguments a0..a4, result a0.
 * SBI calls: a7 = extension, a6 = function, error in a0, value in a1 (SBI spec v2.0 §3).
 * Pointers passed to the hypervisor are guest-physical; this kernel runs with paging off,
 * so they are plain C pointers.
 */
#include "kernel.h"

long hypercall(long nr, long a0, long a1, long a2, long a3, long a4)
{
    register long r0 __asm__("a0") = a0;
    register long r1 __asm__("a1") = a1;
    register long r2 __asm__("a2") = a2;
    register long r3 __asm__("a3") = a3;
    register long r4 __asm__("a4") = a4;
    register long r6 __asm__("a6") = nr;
    register long r7 __asm__("a7") = SBI_EXT_XEN;
    __asm__ volatile("ecall"
                     : "+r"(r0)
                     : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
                     : "memory");
    return r0;
}

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2)
{
    register long r0 __asm__("a0") = a0;
    register long r1 __asm__("a1") = a1;
    register long r2 __asm__("a2") = a2;
    register long r6 __asm__("a6") = fid;
    register long r7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    struct sbiret r = { r0, r1 };
    return r;
}

/* Legacy console putchar (SBI spec §5.2): works on OpenSBI and on Paravane. */
void sbi_putchar(int c)
{
    sbi_call(SBI_EXT_LEGACY_CONSOLE_PUTCHAR, 0, c, 0, 0);
}

/*
 * Power off. PV: sched_op(shutdown, {reason}) (facts §10.2). Bare SBI: SRST
 * system_reset(shutdown, none) (SBI spec §10), then legacy shutdown as a fallback.
 */
void poweroff(unsigned reason)
{
    if (boot.pv) {
        struct sched_shutdown s = { .reason = reason };
        hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (long)&s, 0, 0, 0);
    } else {
        long type = reason == SHUTDOWN_reboot ? SBI_SRST_TYPE_COLD_REBOOT : SBI_SRST_TYPE_SHUTDOWN;
        long why = reason == SHUTDOWN_crash ? SBI_SRST_REASON_SYSTEM_FAILURE : SBI_SRST_REASON_NONE;
        sbi_call(SBI_EXT_SRST, SBI_FN_SRST_SYSTEM_RESET, type, why, 0);
        sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
    }
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* sched_op(block): returns once an event is pending for this vCPU (docs/abi.md §4.6). */
long sched_block(void)
{
    return hypercall(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0, 0, 0);
}

/* sched_op(poll): waits for one of the ports (masked or not) or the absolute timeout. */
long sched_poll(const uint32_t *ports, unsigned n, uint64_t timeout_ns)
{
    struct sched_poll p = { .ports = (uint64_t)(uintptr_t)ports, .nr_ports = n, .timeout = timeout_ns };
    return hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll, (long)&p, 0, 0, 0);
}

long evtchn_send(uint32_t port)
{
    struct evtchn_port_arg a = { .port = port };
    return hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, (long)&a, 0, 0, 0);
}

long evtchn_alloc_unbound(uint16_t remote, uint32_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, (long)&a, 0, 0, 0);
    if (rc == 0) {
        *port = a.port;
    }
    return rc;
}

long evtchn_bind_interdomain(uint16_t remote, uint32_t remote_port, uint32_t *port)
{
    struct evtchn_bind_interdomain a = { .remote_dom = remote, .remote_port = remote_port };
    long rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain, (long)&a, 0, 0, 0);
    if (rc == 0) {
        *port = a.local_port;
    }
    return rc;
}

long evtchn_unmask(uint32_t port)
{
    struct evtchn_port_arg a = { .port = port };
    return hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_unmask, (long)&a, 0, 0, 0);
}
