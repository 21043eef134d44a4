/*
 * The built-in programs and the tiny command interpreter: argv[0] names the program,
 * the rest are its arguments (docs/guest.md lists them). A program returns 0 for
 * success (the kernel then powers off) or nonzero (the kernel reports a crash).
 */
#include "kernel.h"
#include "xenbus.h"

/* ---- hello: who am I ---- */
static int hello(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!boot.pv) {
        printf("Hello from the Paravane guest kernel on bare SBI firmware\n");
        return 0;
    }
    printf("Hello from Paravane guest domid %u: %lu MiB RAM, %u vCPU(s), command line \"%s\"\n",
           boot.si->domid, (unsigned long)(boot.si->nr_pages >> 8), boot.si->nr_vcpus,
           (const char *)boot.si->cmd_line);
    return 0;
}

/* ---- memtest: patterns over all free RAM ---- */
static unsigned long check(uint64_t *lo, uint64_t *hi, uint64_t (*pat)(uint64_t *, uint64_t), uint64_t seed)
{
    unsigned long errors = 0;
    for (uint64_t *p = lo; p < hi; p++) {
        *p = pat(p, seed);
    }
    mb();
    for (uint64_t *p = lo; p < hi; p++) {
        uint64_t want = pat(p, seed);
        if (*p != want) {
            if (errors < 8) {
                printf("memtest: at %p read 0x%lx expected 0x%lx\n", (void *)p, *p, want);
            }
            errors++;
        }
    }
    return errors;
}

static uint64_t pat_const(uint64_t *p, uint64_t seed) { (void)p; return seed; }
static uint64_t pat_addr(uint64_t *p, uint64_t seed) { return (uint64_t)(uintptr_t)p ^ seed; }

static int memtest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!boot.pv) {
        printf("memtest: needs a start-info block to know the RAM size\n");
        return 1;
    }
    uint64_t *lo = (uint64_t *)(uintptr_t)boot.free_start;
    uint64_t *hi = (uint64_t *)(uintptr_t)boot.free_end;
    unsigned long kib = (unsigned long)((boot.free_end - boot.free_start) >> 10);
    printf("memtest: testing 0x%lx-0x%lx (%lu KiB)\n", boot.free_start, boot.free_end, kib);
    unsigned long errors = 0;
    errors += check(lo, hi, pat_const, 0x5555555555555555UL);
    errors += check(lo, hi, pat_const, 0xAAAAAAAAAAAAAAAAUL);
    errors += check(lo, hi, pat_addr, 0);
    errors += check(lo, hi, pat_addr, ~0UL);
    printf("memtest: %lu KiB, 4 patterns, %lu errors: %s\n", kib, errors, errors ? "FAIL" : "PASS");
    return errors ? 1 : 0;
}

/* ---- evtchn-pingpong: round trips over one interdomain channel ---- */
static volatile int got_event;
static unsigned long by_callback;

static void on_event(uint32_t port, void *arg)
{
    (void)port;
    (void)arg;
    by_callback++;
    got_event = 1;
}

/*
 * "evtchn-pingpong [rounds] [peer]": allocate a port for peer (default dom0), grant a
 * page to it, print the port and the grant reference, then answer every event with one.
 * "evtchn-pingpong connect DOM PORT [rounds]": bind to DOM's port and send first.
 * The first half of the rounds is served by callback (port unmasked, sched_op block),
 * the second half by polling (port masked, sched_op poll).
 * "evtchn-pingpong ROUNDS PEER spin": the callback half busy-waits with events unmasked
 * instead of blocking, so every event finds the vCPU running (the event-latency
 * benchmark's running-target case, docs/benchmarks.md), and it does not answer by event:
 * it stores the number of events handled so far at SPIN_COUNT_OFFSET of the granted page,
 * so the peer can pace itself without a thread of its own having to run between rounds.
 */
#define SPIN_COUNT_OFFSET 2048
static char pingpong_page[XEN_PAGE_SIZE] __attribute__((aligned(XEN_PAGE_SIZE)));

static int pingpong(int argc, char **argv)
{
    if (!boot.pv) {
        printf("evtchn-pingpong: needs Paravane\n");
        return 1;
    }
    int connect = argc > 1 && strcmp(argv[1], "connect") == 0;
    int spin = 0;
    uint32_t port;
    long rounds;
    long rc;
    if (connect) {
        if (argc < 4) {
            printf("usage: evtchn-pingpong connect DOMID PORT [rounds]\n");
            return 1;
        }
        rounds = parse_long(argc > 4 ? argv[4] : 0, 100);
        rc = evtchn_bind_interdomain((uint16_t)parse_long(argv[2], 0), (uint32_t)parse_long(argv[3], 0), &port);
    } else {
        spin = argc > 3 && strcmp(argv[3], "spin") == 0;
        rounds = parse_long(argc > 1 ? argv[1] : 0, 100);
        uint16_t peer = (uint16_t)parse_long(argc > 2 ? argv[2] : 0, 0);
        rc = evtchn_alloc_unbound(peer, &port);
        if (rc == 0 && gnttab_init() == 0) {
            /* A page the peer can map to check grants work: it holds a greeting. */
            snprintf(pingpong_page, sizeof pingpong_page, "pingpong page of domain %u", boot.si->domid);
            int ref = gnttab_grant_access(peer, (uint64_t)(uintptr_t)pingpong_page >> XEN_PAGE_SHIFT, 1);
            printf("evtchn-pingpong: grant ref %d\n", ref);
            if (ref < 0) {
                spin = 0; /* nowhere to report rounds: answer by event as usual */
            }
        } else {
            spin = 0;
        }
    }
    if (rc != 0) {
        printf("evtchn-pingpong: cannot set up the channel: %ld\n", rc);
        return 1;
    }
    /* bind_interdomain marks the new local port pending (facts §2.1): that is not a
     * ping, so drop it before the first round. */
    evtchn_test_and_clear(port);
    evtchn_bind(port, on_event, 0);
    printf("evtchn-pingpong: port %u, %ld rounds%s\n", port, rounds, spin ? ", spinning" : "");
    long polled = 0, called = 0;
    for (long i = 0; i < rounds; i++) {
        int by_poll = i >= rounds / 2;
        if (by_poll && i == rounds / 2) {
            evtchn_mask(port);
        }
        if (connect) {
            evtchn_send(port);
        }
        if (by_poll) {
            /* An event the callback took just before the port was masked counts here. */
            irq_disable();
            int early = got_event;
            got_event = 0;
            irq_enable();
            while (!early && !evtchn_test_and_clear(port)) {
                sched_poll(&port, 1, 0);
            }
            polled++;
        } else if (spin) {
            /* Running, interrupts on: the upcall lands in this loop. got_event is
             * volatile, so each pass reloads it; the flag is cleared before the answer
             * is sent, so the next event cannot be lost between the two. */
            irq_enable();
            while (!got_event) {
            }
            got_event = 0;
            called++;
            __atomic_store_n((uint64_t *)(pingpong_page + SPIN_COUNT_OFFSET), (uint64_t)called, __ATOMIC_RELEASE);
            continue;
        } else {
            wait_for(&got_event);
            got_event = 0;
            called++;
        }
        if (!connect) {
            evtchn_send(port);
        }
    }
    printf("evtchn-pingpong: %ld round trips (%ld by callback, %ld by poll; %lu upcall events)\n", rounds, called,
           polled, by_callback);
    return 0;
}

/* ---- cpubench: a tight 8-instruction loop timed with the time CSR ---- */
static int cpubench(int argc, char **argv)
{
    unsigned long iters = (unsigned long)parse_long(argc > 1 ? argv[1] : 0, 10000000);
    static uint64_t cell;
    uint64_t x = 0x9E3779B97F4A7C15UL, y = 3, t0, t1;
    unsigned long n = iters;
    uint64_t start = rdtime();
    /* mul, shift, xor, store, load, add, count, branch: 8 instructions per iteration. */
    __asm__ volatile(
        "1: mul   %0, %0, %1\n"
        "   srli  %2, %0, 7\n"
        "   xor   %0, %0, %2\n"
        "   sd    %0, 0(%5)\n"
        "   ld    %3, 0(%5)\n"
        "   add   %1, %1, %3\n"
        "   addi  %4, %4, -1\n"
        "   bnez  %4, 1b\n"
        : "+r"(x), "+r"(y), "=&r"(t0), "=&r"(t1), "+r"(n)
        : "r"(&cell)
        : "memory");
    uint64_t ticks = rdtime() - start;
    if (ticks == 0) {
        ticks = 1;
    }
    uint64_t insns = 8UL * iters;
    uint64_t us = ticks * 1000000UL / boot.timebase_hz;
    uint64_t mips = insns * boot.timebase_hz / ticks / 1000000UL;
    printf("cpubench: %lu iterations, %lu instructions, %lu ticks at %lu Hz, %lu us, %lu MIPS (check 0x%lx)\n",
           iters, insns, ticks, boot.timebase_hz, us, mips, x ^ y);
    return 0;
}

/* ---- xenstore-test: write, read, directory, transaction, watch ---- */
static int xenstore_test(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (xs_init() != 0) {
        printf("xenstore-test: no xenstore ring\n");
        return 1;
    }
    char buf[256];
    if (xs_write(0, "data/greeting", "hello") != 0 || xs_read(0, "data/greeting", buf, sizeof buf) < 0) {
        return 1;
    }
    printf("xenstore-test: read data/greeting = %s\n", buf);
    int n = xs_directory(0, "data", buf, sizeof buf);
    printf("xenstore-test: directory data has %d bytes, first %s\n", n, n > 0 ? buf : "");
    uint32_t tx;
    if (xs_transaction_start(&tx) != 0 || xs_write(tx, "data/tx", "1") != 0 || xs_transaction_end(tx, 1) != 0) {
        return 1;
    }
    printf("xenstore-test: transaction %u committed\n", tx);
    char path[128], token[64];
    if (xs_watch("data/tx", "tok") != 0 || xs_read_watch(path, sizeof path, token, sizeof token) != 0) {
        return 1;
    }
    printf("xenstore-test: watch fired for %s token %s\n", path, token);
    return 0;
}

/*
 * xenbus-test [device-dir]: a frontend for a test device (default device/vtest/0) that runs
 * the handshake of facts §9.1 and the shutdown of §9.2 against a dom0 backend: wait for the
 * backend's InitWait, read its feature key, publish ring-ref and go Initialised, wait for
 * Connected and read the backend's "sectors", then Closing -> Closed once the backend closes.
 */
static int xenbus_test(int argc, char **argv)
{
    const char *node = argc > 1 ? argv[1] : "device/vtest/0";
    struct xenbus_device dev;
    if (xs_init() != 0 || xenbus_device_init(&dev, node) != 0) {
        printf("xenbus-test: no device %s\n", node);
        return 1;
    }
    printf("xenbus-test: %s backend %s (dom%d)\n", node, dev.otherend, dev.otherend_id);
    int be = xenbus_wait_state(&dev, XENBUS_MASK(XenbusStateInitWait) | XENBUS_MASK(XenbusStateConnected));
    long feature = -1, sectors = -1;
    xenbus_read_int(0, dev.otherend, "feature-test", &feature);
    printf("xenbus-test: backend %s, feature-test %ld\n", xenbus_state_name(be), feature);
    if (xenbus_write_int(0, node, "ring-ref", 8) != 0 || xenbus_switch_state(&dev, XenbusStateInitialised) != 0) {
        return 1;
    }
    be = xenbus_wait_state(&dev, XENBUS_MASK(XenbusStateConnected) | XENBUS_MASK(XenbusStateClosing)
            | XENBUS_MASK(XenbusStateClosed));
    if (be != XenbusStateConnected) {
        printf("xenbus-test: backend went %s instead of Connected\n", xenbus_state_name(be));
        return 1;
    }
    xenbus_read_int(0, dev.otherend, "sectors", &sectors);
    if (xenbus_switch_state(&dev, XenbusStateConnected) != 0) {
        return 1;
    }
    printf("xenbus-test: connected, sectors %ld, state %s\n", sectors, xenbus_state_name(xenbus_read_state(node)));
    /* Shutdown from the frontend's side (facts §9.2). */
    if (xenbus_switch_state(&dev, XenbusStateClosing) != 0) {
        return 1;
    }
    be = xenbus_wait_state(&dev, XENBUS_MASK(XenbusStateClosing) | XENBUS_MASK(XenbusStateClosed));
    printf("xenbus-test: backend %s\n", xenbus_state_name(be));
    if (xenbus_switch_state(&dev, XenbusStateClosed) != 0) {
        return 1;
    }
    be = xenbus_wait_state(&dev, XENBUS_MASK(XenbusStateClosed));
    printf("xenbus-test: closed, backend %s\n", xenbus_state_name(be));
    return 0;
}
int disktest_main(int argc, char **argv); /* disktest.c */

static const struct { const char *name; int (*main)(int, char **); } programs[] = {
    { "hello", hello },
    { "memtest", memtest },
    { "evtchn-pingpong", pingpong },
    { "cpubench", cpubench },
    { "xenstore-test", xenstore_test },
    { "xenbus-test", xenbus_test },
    { "disktest", disktest_main },
};

int run_program(int argc, char **argv)
{
    for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        if (strcmp(argv[0], programs[i].name) == 0) {
            return programs[i].main(argc, argv);
        }
    }
    printf("unknown program '%s'; built in:", argv[0]);
    for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        printf(" %s", programs[i].name);
    }
    printf("\n");
    return 1;
}
