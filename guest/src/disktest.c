/*
 * disktest: pattern write / read-back / verify over a vbd through blkfront (docs/guest.md).
 *
 *   disktest [dev=ID] [size=BYTES] [passes=N] [seed=N] [req=BYTES] [depth=N]
 *            [mode=irq|poll|mixed] [ring-order=N] [discard=BYTES]
 *
 * Each pass writes every sector of [0, size) with pattern(seed, pass, sector) (pattern.h),
 * flushes, reads everything back and checks every byte. After the last pass it discards
 * the first `discard` bytes, rewrites them and checks them again, so the disk ends holding
 * the last pass's pattern everywhere. passes=0 loops until the xenstore key
 * control/shutdown (in the guest's home) has a value. The last line is machine-parseable:
 *   disktest: OK bytes=B passes=P verified=V errors=0 write_MBps=W read_MBps=R
 *   disktest: FAIL ... errors=E
 * OK returns 0 (power off); FAIL returns 1 (the kernel crashes the domain).
 */
#include "kernel.h"
#include "blkfront.h"
#include "pattern.h"

#define MAX_DEPTH 32
/* Up to one spare buffer per request in flight, so the next write is generated and the last
 * read verified while the device works on the others. Spares are only taken while this much
 * guest memory stays free. */
#define MAX_SLOTS (2 * MAX_DEPTH)
#define SPARE_HEADROOM (256 * 1024)

enum slot_state {
    SLOT_FREE,      /* buffer unused */
    SLOT_READY,     /* write: sector assigned and pattern filled, not yet submitted */
    SLOT_BUSY,      /* submitted; `done` is set by the completion callback */
    SLOT_CHECK,     /* read: completed, not yet verified */
};

struct job {
    volatile int done;
    int status;
    enum slot_state state;
    uint64_t sector;
    uint32_t bytes;
    uint8_t *buf;
};

struct disktest {
    struct blkfront bf;
    uint64_t seed;
    uint32_t req, depth, slots; /* slots = depth + spare buffers */
    struct job jobs[MAX_SLOTS];
    unsigned long errors;       /* bad sectors and failed requests */
    unsigned long reported;     /* messages printed (bounded) */
    uint64_t verified;          /* bytes read back and checked */
};

static struct disktest T;

static void job_done(void *arg, int status)
{
    struct job *j = arg;
    j->status = status;
    j->done = 1;
}

/* "64K", "4M", "1G", "4096", "0x1000". */
static uint64_t parse_size(const char *s, uint64_t dflt)
{
    char num[24];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof num) {
        return dflt;
    }
    uint64_t mult = 1;
    char last = s[n - 1];
    if (last == 'K' || last == 'k') mult = 1UL << 10;
    else if (last == 'M' || last == 'm') mult = 1UL << 20;
    else if (last == 'G' || last == 'g') mult = 1UL << 30;
    strncpy0(num, s, mult == 1 ? n + 1 : n);
    long v = parse_long(num, -1);
    return v < 0 ? dflt : (uint64_t)v * mult;
}

static const char *arg_value(int argc, char **argv, const char *key)
{
    size_t k = strlen(key);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], key, k) == 0 && argv[i][k] == '=') {
            return argv[i] + k + 1;
        }
    }
    return 0;
}

/* MB/s (10^6 bytes) with one decimal, from bytes and time-CSR ticks. */
static void rate(char *out, size_t n, uint64_t bytes, uint64_t ticks)
{
    uint64_t tenths = 0;
    if (ticks) {
        tenths = bytes < (1UL << 40) ? bytes * 10 * (boot.timebase_hz / 1000) / ticks / 1000
                                     : bytes / ticks * 10 * boot.timebase_hz / 1000000;
    }
    snprintf(out, n, "%lu.%lu", (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
}

static void report_sector(uint64_t sector, const uint64_t *got, uint32_t pass, int word)
{
    T.errors++;
    if (T.reported++ >= 8) {
        return;
    }
    uint64_t want = pattern_word(T.seed, pass, sector, (unsigned)word);
    printf("disktest: ERROR sector %lu byte %u: expected 0x%lx got 0x%lx (the sector holds sector %lu pass %lu "
           "seed %lu; expected sector %lu pass %u seed %lu)\n",
           (unsigned long)sector, (unsigned)word * 8, (unsigned long)want, (unsigned long)got[word],
           (unsigned long)got[0], (unsigned long)(got[1] >> 32), (unsigned long)(got[1] & 0xFFFFFFFFUL),
           (unsigned long)sector, pass, (unsigned long)(T.seed & 0xFFFFFFFFUL));
}

static void verify(const struct job *j, uint32_t pass)
{
    for (uint32_t off = 0; off < j->bytes; off += BLKIF_SECTOR_SIZE) {
        const uint64_t *p = (const uint64_t *)(j->buf + off);
        uint64_t sector = j->sector + off / BLKIF_SECTOR_SIZE;
        int bad = pattern_check(p, T.seed, pass, sector);
        if (bad >= 0) {
            report_sector(sector, p, pass, bad);
        }
    }
}

static void fill(struct job *j, uint32_t pass)
{
    for (uint32_t off = 0; off < j->bytes; off += BLKIF_SECTOR_SIZE) {
        pattern_fill((uint64_t *)(j->buf + off), T.seed, pass, j->sector + off / BLKIF_SECTOR_SIZE);
    }
}

/* Gives the slot the next request's sectors of [*next, end). */
static void assign(struct job *j, uint64_t *next, uint64_t end)
{
    uint64_t left = (end - *next) * BLKIF_SECTOR_SIZE;
    j->sector = *next;
    j->bytes = left < T.req ? (uint32_t)left : T.req;
    *next += j->bytes / BLKIF_SECTOR_SIZE;
}

static struct job *slot_in(enum slot_state state)
{
    for (uint32_t i = 0; i < T.slots; i++) {
        if (T.jobs[i].state == state) {
            return &T.jobs[i];
        }
    }
    return 0;
}

/* Moves every completed request out of flight; returns how many. */
static uint32_t reap(int op)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < T.slots; i++) {
        struct job *j = &T.jobs[i];
        if (j->state != SLOT_BUSY || !j->done) {
            continue;
        }
        n++;
        if (j->status != BLKIF_RSP_OKAY) {
            T.errors++;
            printf("disktest: ERROR %s of sectors %lu..%lu failed with status %d\n",
                   op == BLKIF_OP_WRITE ? "write" : "read", (unsigned long)j->sector,
                   (unsigned long)(j->sector + j->bytes / BLKIF_SECTOR_SIZE - 1), j->status);
            j->state = SLOT_FREE;
        } else {
            j->state = op == BLKIF_OP_READ ? SLOT_CHECK : SLOT_FREE;
        }
    }
    return n;
}

/*
 * Writes or reads [first, end) sectors with up to depth requests in flight. The guest's own
 * work (generating a write's pattern, verifying a read) is done one buffer at a time between
 * submissions, on spare buffers, so the device is kept busy meanwhile. Returns the time-CSR
 * ticks it took, or 0 when a request could not even be submitted (device broken or refused).
 */
static uint64_t run_phase(int op, uint32_t pass, uint64_t first, uint64_t end)
{
    struct blkfront *bf = &T.bf;
    uint64_t next = first;      /* the first sector not yet given to a buffer */
    uint32_t active = 0;        /* requests in flight */
    uint64_t t0 = rdtime();
    for (uint32_t i = 0; i < T.slots; i++) {
        T.jobs[i].state = SLOT_FREE;
    }
    for (;;) {
        unsigned long seen = bf->completions;
        active -= reap(op);
        /* keep depth requests in flight: filled writes, or reads into free buffers */
        while (active < T.depth) {
            struct job *j = slot_in(op == BLKIF_OP_WRITE ? SLOT_READY : SLOT_FREE);
            if (!j || (op == BLKIF_OP_READ && next >= end)) {
                break;
            }
            uint64_t was = next;
            if (op == BLKIF_OP_READ) {
                assign(j, &next, end);
            }
            j->done = 0;
            int rc = blkfront_submit(bf, op, j->sector, j->buf, j->bytes, job_done, j);
            if (rc == -XEN_EAGAIN) {
                next = was; /* ring full: this buffer goes next time */
                break;
            }
            if (rc != 0) {
                printf("disktest: ERROR cannot submit %s of %u bytes at sector %lu: %d\n",
                       op == BLKIF_OP_WRITE ? "write" : "read", j->bytes, (unsigned long)j->sector, rc);
                T.errors++;
                return 0;
            }
            j->state = SLOT_BUSY;
            active++;
        }
        /* one buffer of the guest's own work, then look at the ring again */
        struct job *w;
        if ((w = slot_in(SLOT_CHECK)) != 0) {
            verify(w, pass);
            T.verified += w->bytes;
            w->state = SLOT_FREE;
            continue;
        }
        if (op == BLKIF_OP_WRITE && next < end && (w = slot_in(SLOT_FREE)) != 0) {
            assign(w, &next, end);
            fill(w, pass);
            w->state = SLOT_READY;
            continue;
        }
        if (active == 0) {
            if (next >= end && !slot_in(SLOT_READY)) {
                break;
            }
            /* work is left, nothing is in flight, and the ring took nothing */
            printf("disktest: ERROR the ring refused a request with none in flight\n");
            T.errors++;
            return 0;
        }
        if (blkfront_wait(bf, seen) != 0) {
            T.errors++;
            return 0;
        }
    }
    uint64_t t = rdtime() - t0;
    return t ? t : 1;
}

static int flush(void)
{
    struct blkfront *bf = &T.bf;
    if (!bf->feature_flush && !bf->feature_barrier) {
        return 0;
    }
    int st = blkfront_io(bf, BLKFRONT_OP_FLUSH, 0, 0, 0);
    if (st != BLKIF_RSP_OKAY) {
        printf("disktest: ERROR flush failed with status %d\n", st);
        T.errors++;
        return -1;
    }
    return 0;
}

/*
 * True once control/shutdown has a value. A xenstore read is a round trip through dom0, the
 * longest pause in a pass over a small disk, so it is done at most every STOP_CHECK_MS.
 */
#define STOP_CHECK_MS 100

static int stop_requested(void)
{
    static uint64_t last_check;
    uint64_t now = rdtime();
    if (last_check != 0 && now - last_check < STOP_CHECK_MS * (boot.timebase_hz / 1000)) {
        return 0;
    }
    last_check = now;
    char v[32];
    return xs_read(0, "control/shutdown", v, sizeof v) > 0;
}

int disktest_main(int argc, char **argv);
int disktest_main(int argc, char **argv)
{
    struct blkfront *bf = &T.bf;
    const char *mode = arg_value(argc, argv, "mode");
    mode = mode ? mode : "mixed";
    int m_irq = strcmp(mode, "irq") == 0, m_poll = strcmp(mode, "poll") == 0, m_mixed = strcmp(mode, "mixed") == 0;
    if (!boot.pv || !(m_irq || m_poll || m_mixed)) {
        printf("usage: disktest [dev=ID] [size=BYTES] [passes=N] [seed=N] [req=BYTES] [depth=N] "
               "[mode=irq|poll|mixed] [ring-order=N] [discard=BYTES] (on Paravane)\n");
        return 1;
    }
    const char *v;
    long passes = parse_long(arg_value(argc, argv, "passes"), 1);
    T.seed = (uint64_t)parse_long(arg_value(argc, argv, "seed"), 1);
    long depth = parse_long(arg_value(argc, argv, "depth"), 8);
    long order = parse_long(arg_value(argc, argv, "ring-order"), BLKFRONT_MAX_RING_ORDER);
    if (passes < 0 || depth < 1 || depth > MAX_DEPTH || order < 0) {
        printf("disktest: passes >= 0, depth 1..%d, ring-order >= 0\n", MAX_DEPTH);
        return 1;
    }
    T.depth = (uint32_t)depth;
    if (blkfront_connect(bf, arg_value(argc, argv, "dev"), (uint32_t)order, m_poll) != 0) {
        printf("disktest: FAIL cannot connect the disk errors=1\n");
        return 1;
    }
    uint64_t disk = bf->sectors * BLKIF_SECTOR_SIZE;
    uint64_t size = (v = arg_value(argc, argv, "size")) ? parse_size(v, disk) : disk;
    size = (size < disk ? size : disk) / bf->sector_size * bf->sector_size;
    uint64_t req = (v = arg_value(argc, argv, "req")) ? parse_size(v, 0) : 64 * 1024;
    req = req < blkfront_max_bytes(bf) ? req : blkfront_max_bytes(bf);
    req = req / bf->sector_size * bf->sector_size;
    uint64_t discard = (v = arg_value(argc, argv, "discard")) ? parse_size(v, 0) : 64 * 1024;
    discard = (discard < size ? discard : size) / bf->sector_size * bf->sector_size;
    if (size == 0 || req == 0) {
        printf("disktest: FAIL nothing to test (size %lu, request %lu) errors=1\n", (unsigned long)size,
               (unsigned long)req);
        return 1;
    }
    T.req = (uint32_t)req;
    uint32_t buf_pages = (T.req + XEN_PAGE_SIZE - 1) / XEN_PAGE_SIZE;
    for (T.slots = 0; T.slots < 2 * T.depth; T.slots++) {
        int spare = T.slots >= T.depth;
        if (spare && page_free_bytes() < (uint64_t)buf_pages * XEN_PAGE_SIZE + SPARE_HEADROOM) {
            break;
        }
        T.jobs[T.slots].buf = page_alloc(buf_pages);
        if (!T.jobs[T.slots].buf) {
            if (spare) {
                break;
            }
            printf("disktest: FAIL no memory for %u buffers of %u bytes errors=1\n", T.depth, T.req);
            return 1;
        }
    }
    printf("disktest: %lu bytes, %ld pass(es)%s, seed %lu, %u-byte requests, depth %u, mode %s, %u spare buffers\n",
           (unsigned long)size, passes, passes == 0 ? " (until control/shutdown)" : "", (unsigned long)T.seed,
           T.req, T.depth, mode, T.slots - T.depth);

    uint64_t end = size / BLKIF_SECTOR_SIZE;
    uint64_t wbytes = 0, wticks = 0, rbytes = 0, rticks = 0;
    uint32_t pass = 0;
    while (passes == 0 || pass < (uint32_t)passes) {
        pass++;
        blkfront_set_polling(bf, m_poll);
        uint64_t tw = run_phase(BLKIF_OP_WRITE, pass, 0, end);
        if (tw == 0 || flush() != 0) {
            break;
        }
        blkfront_set_polling(bf, m_poll || m_mixed); /* mixed: writes by callback, reads by polling */
        uint64_t tr = run_phase(BLKIF_OP_READ, pass, 0, end);
        if (tr == 0) {
            break;
        }
        wbytes += size;
        wticks += tw;
        rbytes += size;
        rticks += tr;
        char w[24], r[24];
        rate(w, sizeof w, size, tw);
        rate(r, sizeof r, size, tr);
        printf("disktest: pass %u: wrote %lu KiB at %s MB/s, read and verified at %s MB/s, errors %lu\n", pass,
               (unsigned long)(size >> 10), w, r, T.errors);
        if (T.errors || (passes == 0 && stop_requested())) {
            break;
        }
    }

    if (T.errors == 0 && discard > 0 && bf->feature_discard) {
        /* Discarded sectors read back as anything (facts §5.2): rewrite and re-check them
         * so the disk ends with one known pattern. */
        int st = blkfront_io(bf, BLKIF_OP_DISCARD, 0, 0, (uint32_t)discard);
        if (st != BLKIF_RSP_OKAY) {
            printf("disktest: ERROR discard of %lu bytes failed with status %d\n", (unsigned long)discard, st);
            T.errors++;
        } else if (run_phase(BLKIF_OP_WRITE, pass, 0, discard / BLKIF_SECTOR_SIZE) == 0 || flush() != 0
                   || run_phase(BLKIF_OP_READ, pass, 0, discard / BLKIF_SECTOR_SIZE) == 0) {
            T.errors++;
        } else {
            printf("disktest: discarded %lu bytes, rewrote and verified them\n", (unsigned long)discard);
        }
    }
    if (!bf->broken) {
        blkfront_close(bf);
    }
    char w[24], r[24];
    rate(w, sizeof w, wbytes, wticks);
    rate(r, sizeof r, rbytes, rticks);
    printf("disktest: %s bytes=%lu passes=%u verified=%lu errors=%lu write_MBps=%s read_MBps=%s\n",
           T.errors ? "FAIL" : "OK", (unsigned long)size, pass, (unsigned long)T.verified, T.errors, w, r);
    return T.errors ? 1 : 0;
}
