/*
 * The console: printf formatting into a line buffer, written with console_io(write)
 * (docs/abi.md §4.2) when running on Paravane, or byte by byte with SBI legacy putchar
 * on bare SBI firmware. With "console=ring" on the command line the bytes go to the
 * console ring page instead (facts §7.1: write data, write fence, advance out_prod,
 * notify the console event channel); bytes that do not fit are dropped, never waited for.
 */
#include "kernel.h"

static int use_ring;

void console_init(void)
{
    use_ring = 0;
}

void console_use_ring(int on);
void console_use_ring(int on)
{
    use_ring = on && boot.pv && boot.si->console_pfn != 0;
}

static void ring_write(const char *s, size_t n)
{
    struct xencons_interface *r = (struct xencons_interface *)(uintptr_t)(boot.si->console_pfn << XEN_PAGE_SHIFT);
    uint32_t cons = *(volatile uint32_t *)&r->out_cons;
    uint32_t prod = r->out_prod;
    mb();
    size_t i = 0;
    while (i < n && prod - cons < XENCONS_OUT_SIZE) {
        r->out[prod & (XENCONS_OUT_SIZE - 1)] = (uint8_t)s[i++];
        prod++;
    }
    wmb();
    *(volatile uint32_t *)&r->out_prod = prod;
    evtchn_send(boot.si->console_evtchn);
}

void console_write(const char *s, size_t n)
{
    if (boot.pv && use_ring) {
        ring_write(s, n);
    } else if (boot.pv) {
        hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, (long)n, (long)s, 0, 0);
    } else {
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '\n') {
                sbi_putchar('\r');
            }
            sbi_putchar(s[i]);
        }
    }
}

/* ---- formatting: %c %s %d %i %u %x %p %%, flags '0' and '-', width, l/ll/z ---- */

struct out { char *buf; size_t size, len; };

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size) {
        o->buf[o->len] = c;
    }
    o->len++;
}

static void put_num(struct out *o, uint64_t v, unsigned base, int neg, int width, int zero, int left)
{
    char tmp[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v != 0);
    int len = n + (neg ? 1 : 0);
    if (neg && zero) {
        put(o, '-');
    }
    if (!left) {
        for (; len < width; width--) {
            put(o, zero ? '0' : ' ');
        }
    }
    if (neg && !zero) {
        put(o, '-');
    }
    while (n > 0) {
        put(o, tmp[--n]);
    }
    if (left) {
        for (; len < width; width--) {
            put(o, ' ');
        }
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        int zero = 0, left = 0, width = 0, lng = 0;
        for (;; fmt++) {
            if (*fmt == '0') {
                zero = 1;
            } else if (*fmt == '-') {
                left = 1;
            } else {
                break;
            }
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z') {
            lng = 1;
            fmt++;
        }
        switch (*fmt) {
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = (int)strlen(s ? s : "(null)");
            if (!left) {
                for (; n < width; width--) put(&o, ' ');
            }
            for (const char *p = s ? s : "(null)"; *p; p++) put(&o, *p);
            if (left) {
                for (; n < width; width--) put(&o, ' ');
            }
            break;
        }
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
            put_num(&o, v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, zero, left);
            break;
        }
        case 'u':
            put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0, width, zero, left);
            break;
        case 'x':
            put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0, width, zero, left);
            break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_num(&o, (uintptr_t)va_arg(ap, void *), 16, 0, 0, 0, 0);
            break;
        case '%':
            put(&o, '%');
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            if (!*fmt) {
                fmt--;
            }
        }
    }
    if (size > 0) {
        buf[o.len < size ? o.len : size - 1] = '\0';
    }
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    console_write(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
    return n;
}
