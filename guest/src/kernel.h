/* Shared declarations of the Paravane PV guest kernel (docs/guest.md). */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include "xen_abi.h"

/* ---- boot state (main.c) ---- */
struct boot {
    int pv;                          /* 1: started by Paravane with a start-info block */
    const struct start_info *si;     /* copy owned by the kernel; NULL on bare SBI */
    struct shared_info *shared;      /* shared_info, NULL on bare SBI */
    uint64_t ram_end;                /* first byte after RAM */
    uint64_t free_start, free_end;   /* RAM the programs may use */
    uint64_t timebase_hz;
};
extern struct boot boot;
extern const char default_program[];

/* ---- hypercalls and SBI (hypercall.c; docs/abi.md §1) ---- */
long hypercall(long nr, long a0, long a1, long a2, long a3, long a4);
struct sbiret { long error; long value; };
struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);
void sbi_putchar(int c);
__attribute__((noreturn)) void poweroff(unsigned reason);
long sched_block(void);
long sched_poll(const uint32_t *ports, unsigned n, uint64_t timeout_ns);
long evtchn_send(uint32_t port);
long evtchn_alloc_unbound(uint16_t remote, uint32_t *port);
long evtchn_bind_interdomain(uint16_t remote, uint32_t remote_port, uint32_t *port);
long evtchn_unmask(uint32_t port);

/* ---- console (console.c) ---- */
void console_init(void);
void console_write(const char *s, size_t n);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- events (events.c; facts §2.4, §2.5) ---- */
typedef void (*evtchn_handler)(uint32_t port, void *arg);
#define MAX_PORTS 256
void events_init(void);
int evtchn_bind(uint32_t port, evtchn_handler h, void *arg);
void evtchn_mask(uint32_t port);
int evtchn_test_and_clear(uint32_t port);
void events_upcall(void);
void irq_enable(void);
void irq_disable(void);
void wait_for(volatile int *flag);

/* ---- grant tables (grant.c; facts §3) ---- */
int gnttab_init(void);
int gnttab_grant_access(uint16_t domid, uint64_t gfn, int readonly);
int gnttab_end_access(int ref);
unsigned gnttab_free_count(void);

/* ---- xenstore (xenstore.c; facts §8) ---- */
int xs_init(void);
int xs_read(uint32_t tx, const char *path, char *buf, size_t size);
int xs_write(uint32_t tx, const char *path, const char *value);
int xs_directory(uint32_t tx, const char *path, char *buf, size_t size);
int xs_watch(const char *path, const char *token);
int xs_read_watch(char *path, size_t psize, char *token, size_t tsize);
int xs_transaction_start(uint32_t *tx);
int xs_transaction_end(uint32_t tx, int commit);
const char *xs_error(void);

/* ---- programs (programs.c) ---- */
int run_program(int argc, char **argv);

/* ---- library (lib.c) ---- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy0(char *d, const char *s, size_t n);
long parse_long(const char *s, long dflt);

/* ---- page allocator (main.c): contiguous zeroed pages from free RAM, never freed ---- */
void *page_alloc(unsigned pages);
/* Bytes page_alloc can still hand out. */
uint64_t page_free_bytes(void);

/* Saves and disables sstatus.SIE; irq_restore puts the saved value back. */
static inline unsigned long irq_save(void)
{
    unsigned long s;
    __asm__ volatile("csrrc %0, sstatus, %1" : "=r"(s) : "r"(2UL) : "memory");
    return s & 2UL;
}

static inline void irq_restore(unsigned long s)
{
    __asm__ volatile("csrs sstatus, %0" :: "r"(s) : "memory");
}

static inline uint64_t rdtime(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

#define wmb() __asm__ volatile("fence w,w" ::: "memory")
#define rmb() __asm__ volatile("fence r,r" ::: "memory")
#define mb()  __asm__ volatile("fence rw,rw" ::: "memory")

#endif
