/*
 * Kernel entry: recognise the boot protocol, set up the console and event channels, and
 * run the program the command line names (docs/guest.md).
 *
 * PV boot (docs/abi.md §2): a1 points at a start-info block whose magic is
 * XEN_START_INFO_MAGIC. The kernel copies the block first (the guest owns that page and
 * a copy cannot change under it), maps shared_info if the builder did not, and takes its
 * RAM size, command line and ring pages from the copy. Anything else (QEMU + OpenSBI
 * passes a device tree in a1) is a bare SBI boot: console = SBI putchar, exit = SRST.
 */
#include "kernel.h"

struct boot boot;
static struct start_info si_copy;
extern char _end[];

#define SHARED_INFO_GPFN 0x7FFFFUL  /* used only when the builder mapped none */

void console_use_ring(int on);

static int looks_like_start_info(uint64_t a1)
{
    /* Only read a1 when it is an aligned address inside the first 2 GiB of RAM. */
    if (a1 < XEN_RAM_BASE || a1 >= XEN_RAM_BASE + 0x80000000UL || (a1 & 7) != 0) {
        return 0;
    }
    const char *m = (const char *)(uintptr_t)a1;
    return strncmp(m, XEN_START_INFO_MAGIC, sizeof XEN_START_INFO_MAGIC) == 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

static void setup_pv(uint64_t a1)
{
    memcpy(&si_copy, (const void *)(uintptr_t)a1, sizeof si_copy);
    si_copy.cmd_line[XEN_MAX_GUEST_CMDLINE - 1] = '\0';
    boot.pv = 1;
    boot.si = &si_copy;
    boot.timebase_hz = si_copy.timebase_hz ? si_copy.timebase_hz : XEN_TIMEBASE_HZ;
    uint64_t base = si_copy.ram_base ? si_copy.ram_base : XEN_RAM_BASE;
    boot.ram_end = base + (si_copy.nr_pages << XEN_PAGE_SHIFT);
    uint64_t pfn = si_copy.shared_info_pfn;
    if (pfn == 0) {
        /* Map shared_info ourselves (memory_op add_to_physmap, docs/abi.md §4.3). */
        struct xen_add_to_physmap ap = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
                                         .idx = 0, .gpfn = SHARED_INFO_GPFN };
        if (hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (long)&ap, 0, 0, 0) == 0) {
            pfn = SHARED_INFO_GPFN;
        }
    }
    boot.shared = (struct shared_info *)(uintptr_t)(pfn << XEN_PAGE_SHIFT);
    /* Free RAM: after the image and stack, below the first page the builder reserved. */
    boot.free_start = ((uint64_t)(uintptr_t)_end + XEN_PAGE_SIZE - 1) & ~(uint64_t)(XEN_PAGE_SIZE - 1);
    boot.free_end = boot.ram_end;
    uint64_t reserved[] = { a1, si_copy.store_pfn << XEN_PAGE_SHIFT, si_copy.console_pfn << XEN_PAGE_SHIFT,
                            si_copy.mod_start };
    for (unsigned i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        if (reserved[i] >= boot.free_start) {
            boot.free_end = min_u64(boot.free_end, reserved[i] & ~(uint64_t)(XEN_PAGE_SIZE - 1));
        }
    }
}

/*
 * Bump allocator over [free_start, free_end): drivers and programs take their ring, data
 * and indirect pages here. memtest uses the same range but runs alone.
 */
static uint64_t next_free_page;

void *page_alloc(unsigned pages)
{
    if (next_free_page == 0) {
        next_free_page = boot.free_start;
    }
    uint64_t bytes = (uint64_t)pages << XEN_PAGE_SHIFT;
    if (pages == 0 || next_free_page + bytes > boot.free_end || next_free_page + bytes < next_free_page) {
        return 0;
    }
    void *p = (void *)(uintptr_t)next_free_page;
    next_free_page += bytes;
    memset(p, 0, bytes);
    return p;
}

uint64_t page_free_bytes(void)
{
    uint64_t from = next_free_page ? next_free_page : boot.free_start;
    return boot.free_end > from ? boot.free_end - from : 0;
}

/* Splits the command line in place into at most max words. */
static int split(char *s, char **argv, int max)
{
    int n = 0;
    while (*s && n < max) {
        while (*s == ' ') {
            *s++ = '\0';
        }
        if (!*s) {
            break;
        }
        argv[n++] = s;
        while (*s && *s != ' ') {
            s++;
        }
    }
    return n;
}

__attribute__((noreturn)) void kmain(uint64_t hartid, uint64_t a1);
__attribute__((noreturn)) void kmain(uint64_t hartid, uint64_t a1)
{
    (void)hartid;
    if (looks_like_start_info(a1)) {
        setup_pv(a1);
    } else {
        boot.timebase_hz = XEN_TIMEBASE_HZ; /* QEMU virt's timebase too */
    }
    console_init();
    char line[XEN_MAX_GUEST_CMDLINE];
    strncpy0(line, boot.pv ? (const char *)si_copy.cmd_line : "", sizeof line);
    char *argv[16];
    int argc = split(line, argv, 16);
    /* "console=ring" anywhere selects the console ring; it is not passed on. */
    int w = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "console=ring") == 0) {
            console_use_ring(1);
        } else {
            argv[w++] = argv[i];
        }
    }
    argc = w;
    if (boot.pv && boot.shared) {
        events_init();
        irq_enable();
    }
    static char dflt[32];
    if (argc == 0) {
        strncpy0(dflt, default_program, sizeof dflt);
        argv[0] = dflt;
        argc = 1;
    }
    int rc = run_program(argc, argv);
    poweroff(rc == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}

/* ---- traps (RISC-V privileged spec §4.1.9: scause interrupt bit and codes) ---- */

struct trap_frame { uint64_t x[32]; uint64_t sepc, sstatus, scause, stval; };

void trap_handler(struct trap_frame *f);
void trap_handler(struct trap_frame *f)
{
    uint64_t cause = f->scause;
    if ((int64_t)cause < 0) {
        uint64_t code = cause & 0xFF;
        if (code == XEN_SIP_SEIP && boot.pv) {
            events_upcall();
            return;
        }
        if (code == XEN_SIP_STIP) {
            /* SBI timer: cancel it, which also clears STIP (docs/abi.md §1). */
            sbi_call(SBI_EXT_TIME, SBI_FN_TIME_SET_TIMER, SBI_TIMER_CANCEL, 0, 0);
            return;
        }
        printf("unexpected interrupt %lu\n", code);
        return;
    }
    /* trap_entry does not store stval (the upcall path never needs it); no trap came in
     * between, so the CSR still holds this one's value. */
    uint64_t stval;
    __asm__ volatile("csrr %0, stval" : "=r"(stval));
    printf("fatal trap: scause=%lu sepc=0x%lx stval=0x%lx ra=0x%lx sp=0x%lx\n",
           cause, f->sepc, stval, f->x[1], f->x[2]);
    poweroff(SHUTDOWN_crash);
}
