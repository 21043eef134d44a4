/*
 * blkfront (blkfront.h): the vbd handshake (facts §5.4, §9.1), the shared request ring
 * (facts §4; docs/abi.md §10) and blkif requests (facts §5.1, §5.2; docs/abi.md §11).
 *
 * Everything the backend controls is copied once and validated before use: xenstore
 * values (numbers, ranges, feature flags) and every response (id in range and in flight,
 * operation matching the request, status one of BLKIF_RSP_*). A backend that sends
 * anything else marks the device broken: its requests are not completed and new ones are
 * refused, so a caller sees the failure instead of trusting corrupt state.
 *
 * Concurrency: one vCPU. In callback mode responses are consumed in the event callback,
 * so every function touching the ring or the request table runs with sstatus.SIE off.
 */
#include "kernel.h"
#include "blkfront.h"
#include "blkring.h"
#include "xenbus.h"

#define MAX_BACKEND_INDIRECT (BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST * BLKIF_SEGS_PER_INDIRECT_FRAME)
#define TABLE_PAGES          2
_Static_assert(BLKFRONT_MAX_SLOTS * (sizeof(struct blkfront_shadow) + 4) <= TABLE_PAGES * XEN_PAGE_SIZE, "request table");
#define MAX_DISK_SECTORS     (1UL << 48) /* 128 PiB: anything bigger is a bogus `sectors` */

static uint8_t *slot(struct blkfront *bf, uint32_t idx)
{
    return (uint8_t *)bf->sring + SRING_HEADER_SIZE + (idx & (bf->slots - 1)) * XEN_BLKIF_REQUEST_SIZE;
}

/* Reads a 0/1 feature key; missing means 0, anything else is refused (0, with a message). */
static int read_flag(struct blkfront *bf, const char *key)
{
    long v;
    if (xenbus_read_int(0, bf->back, key, &v) != 0) {
        return 0;
    }
    if (v != 0 && v != 1) {
        printf("blkfront: %s/%s = %ld is not 0 or 1; ignoring the feature\n", bf->back, key, v);
        return 0;
    }
    return (int)v;
}

/* Transport features the backend may publish before InitWait (facts §5.3). */
static void read_transport_features(struct blkfront *bf)
{
    long v;
    bf->backend_max_order = 0;
    if (xenbus_read_int(0, bf->back, "max-ring-page-order", &v) == 0) {
        if (v >= 0 && v <= 16) {
            bf->backend_max_order = (uint32_t)v;
        } else {
            printf("blkfront: max-ring-page-order %ld out of range; using one page\n", v);
        }
    }
    bf->backend_max_indirect = 0;
    if (xenbus_read_int(0, bf->back, "feature-max-indirect-segments", &v) == 0) {
        if (v >= 0 && v <= MAX_BACKEND_INDIRECT) {
            bf->backend_max_indirect = (uint32_t)v;
        } else {
            printf("blkfront: feature-max-indirect-segments %ld out of range; no indirect requests\n", v);
        }
    }
}

/* Disk properties and features, complete once the backend is Connected (facts §5.4 step 5). */
static int read_disk_properties(struct blkfront *bf)
{
    long v;
    if (xenbus_read_int(0, bf->back, "sectors", &v) != 0 || v <= 0 || (unsigned long)v >= MAX_DISK_SECTORS) {
        printf("blkfront: %s/sectors missing or out of range\n", bf->back);
        return -1;
    }
    bf->sectors = (uint64_t)v;
    bf->sector_size = BLKIF_SECTOR_SIZE;
    if (xenbus_read_int(0, bf->back, "sector-size", &v) == 0) {
        if (v < BLKIF_SECTOR_SIZE || v > 65536 || (v & (v - 1)) != 0) {
            printf("blkfront: sector-size %ld is not a power of two in 512..65536\n", v);
            return -1;
        }
        bf->sector_size = (uint32_t)v;
    }
    bf->info = 0;
    if (xenbus_read_int(0, bf->back, "info", &v) == 0) {
        if (v < 0 || (v & ~(long)(VDISK_CDROM | VDISK_REMOVABLE | VDISK_READONLY)) != 0) {
            printf("blkfront: info 0x%lx has unknown bits\n", (unsigned long)v);
            return -1;
        }
        bf->info = (uint32_t)v;
    }
    bf->feature_flush = read_flag(bf, "feature-flush-cache");
    bf->feature_barrier = read_flag(bf, "feature-barrier");
    bf->feature_discard = read_flag(bf, "feature-discard");
    read_transport_features(bf); /* may only be complete now */
    bf->max_segs = BLKIF_MAX_SEGMENTS_PER_REQUEST;
    if (bf->backend_max_indirect > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
        bf->max_segs = bf->backend_max_indirect < BLKFRONT_MAX_INDIRECT_SEGS ? bf->backend_max_indirect
                                                                              : BLKFRONT_MAX_INDIRECT_SEGS;
    }
    return 0;
}

/* ---- responses ---- */

static void end_grant(struct blkfront *bf, int ref)
{
    if (gnttab_end_access(ref) == 0) {
        return;
    }
    /* Still mapped by the backend (facts §3.5): retry on later completions. */
    if (bf->nr_deferred < BLKFRONT_DEFERRED_MAX) {
        bf->deferred[bf->nr_deferred++] = ref;
    } else {
        bf->leaked_grants++;
    }
}

static void retry_deferred(struct blkfront *bf)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < bf->nr_deferred; i++) {
        if (gnttab_end_access(bf->deferred[i]) != 0) {
            bf->deferred[w++] = bf->deferred[i];
        }
    }
    bf->nr_deferred = w;
}

static void mark_broken(struct blkfront *bf, const char *why, uint64_t a, uint64_t b)
{
    bf->bad_responses++;
    if (!bf->broken) {
        printf("blkfront: backend %s broke the protocol: %s (0x%lx, 0x%lx); device stopped\n", bf->back, why,
               (unsigned long)a, (unsigned long)b);
    }
    bf->broken = 1;
    bf->completions++; /* wake waiters so they see it */
}

/* Consumes every available response; returns how many completed. SIE must be off. */
static unsigned process_responses(struct blkfront *bf)
{
    unsigned done = 0;
    if (!bf->sring || bf->broken) {
        return 0;
    }
    for (;;) {
        uint32_t rp = __atomic_load_n(&bf->sring->rsp_prod, __ATOMIC_ACQUIRE);
        rmb(); /* responses are read after the index that published them */
        if (ring_rsp_overflow(rp, bf->rsp_cons, bf->slots)
            || (uint32_t)(rp - bf->rsp_cons) > (uint32_t)(bf->pushed - bf->rsp_cons)) {
            mark_broken(bf, "rsp_prod beyond the published requests", rp, bf->rsp_cons);
            return done;
        }
        while (bf->rsp_cons != rp) {
            struct blkif_response r;
            memcpy(&r, slot(bf, bf->rsp_cons), sizeof r); /* copy once, check the copy */
            bf->rsp_cons++;
            int check = blk_check_response(&r, bf->slots, bf->in_flight_op);
            if (check != BLK_RSP_VALID) {
                mark_broken(bf, check == BLK_RSP_BAD_ID ? "response id out of range"
                                : check == BLK_RSP_NOT_IN_FLIGHT ? "response for no request"
                                : check == BLK_RSP_BAD_OP ? "response operation differs"
                                : "unknown response status",
                            r.id, (uint64_t)(uint16_t)r.status);
                return done;
            }
            struct blkfront_shadow *s = &bf->shadow[r.id];
            for (uint16_t i = 0; i < s->nr_grefs; i++) {
                end_grant(bf, s->grefs[i]);
            }
            if (s->indirect_ref >= 0) {
                end_grant(bf, s->indirect_ref);
            }
            blkfront_done fn = s->fn;
            void *arg = s->arg;
            bf->in_flight_op[r.id] = -1;
            bf->free_ids[bf->nr_free++] = (uint16_t)r.id;
            bf->completions++;
            done++;
            if (fn) {
                fn(arg, r.status);
            }
        }
        if (bf->nr_deferred) {
            retry_deferred(bf);
        }
        /* Final check (facts §4.5): ask for an event at the next response, then look again. */
        __atomic_store_n(&bf->sring->rsp_event, bf->rsp_cons + 1, __ATOMIC_RELEASE);
        mb();
        if (__atomic_load_n(&bf->sring->rsp_prod, __ATOMIC_ACQUIRE) == bf->rsp_cons) {
            return done;
        }
    }
}

static void on_event(uint32_t port, void *arg)
{
    (void)port;
    struct blkfront *bf = arg;
    bf->events++;
    process_responses(bf);
}

/* ---- handshake ---- */

static int find_device(struct blkfront *bf, const char *devid)
{
    char list[256];
    if (devid == 0) {
        int n = xs_directory(0, "device/vbd", list, sizeof list);
        if (n <= 0) {
            printf("blkfront: no device under device/vbd\n");
            return -1;
        }
        devid = list; /* the first name */
    }
    long id = parse_long(devid, -1);
    if (id < 0 || id > 0x7FFFFFFFL || snprintf(bf->front, sizeof bf->front, "device/vbd/%s", devid)
                                         >= (int)sizeof bf->front) {
        printf("blkfront: bad device name '%s'\n", devid);
        return -1;
    }
    long vdev;
    bf->handle = (uint16_t)(xenbus_read_int(0, bf->front, "virtual-device", &vdev) == 0 ? vdev : id);
    /* backend and backend-id, and a watch on the backend's state (xenbus.h). */
    if (xenbus_device_init(&bf->dev, bf->front) != 0) {
        return -1;
    }
    size_t blen = strlen(bf->dev.otherend);
    if (blen < 2 || blen >= sizeof bf->back - 1 || bf->dev.otherend[0] != '/') {
        printf("blkfront: %s/backend is not an absolute path\n", bf->front);
        return -1;
    }
    strncpy0(bf->back, bf->dev.otherend, sizeof bf->back);
    long be = bf->dev.otherend_id;
    if (be < 0 || be >= DOMID_FIRST_RESERVED) {
        printf("blkfront: %s/backend-id %ld is not a domain id\n", bf->front, be);
        return -1;
    }
    bf->backend_id = (uint16_t)be;
    return 0;
}

static int setup_ring(struct blkfront *bf, uint32_t max_order)
{
    uint32_t order = bf->backend_max_order < max_order ? bf->backend_max_order : max_order;
    if (order > BLKFRONT_MAX_RING_ORDER) {
        order = BLKFRONT_MAX_RING_ORDER;
    }
    uint32_t pages = 1u << order;
    bf->ring_order = order;
    bf->slots = ring_slots(pages * XEN_PAGE_SIZE, XEN_BLKIF_REQUEST_SIZE);
    bf->sring = page_alloc(pages);
    void *tables = page_alloc(TABLE_PAGES);
    uint32_t gref_pages = (bf->slots * BLKFRONT_MAX_INDIRECT_SEGS * sizeof(int) + XEN_PAGE_SIZE - 1) / XEN_PAGE_SIZE;
    int *grefs = page_alloc(gref_pages);
    if (!bf->sring || !tables || !grefs) {
        printf("blkfront: out of memory for the ring\n");
        return -1;
    }
    /* The request table: shadows, operation per id, free id stack. */
    bf->shadow = tables;
    bf->in_flight_op = (int16_t *)(bf->shadow + bf->slots);
    bf->free_ids = (uint16_t *)(bf->in_flight_op + bf->slots);
    bf->nr_free = 0;
    for (uint32_t i = 0; i < bf->slots; i++) {
        bf->shadow[i].grefs = grefs + i * BLKFRONT_MAX_INDIRECT_SEGS;
        bf->shadow[i].indirect_ref = -1;
        bf->in_flight_op[i] = -1;
        bf->free_ids[bf->nr_free++] = (uint16_t)(bf->slots - 1 - i);
    }
    /* Ring initialisation is the front's (facts §4.1); pages are already zero. */
    bf->sring->req_prod = 0;
    bf->sring->rsp_prod = 0;
    bf->sring->req_event = 1;
    bf->sring->rsp_event = 1;
    bf->req_prod_pvt = bf->rsp_cons = bf->pushed = 0;
    wmb();
    for (uint32_t i = 0; i < pages; i++) {
        bf->ring_ref[i] = gnttab_grant_access(bf->backend_id, ((uint64_t)(uintptr_t)bf->sring >> XEN_PAGE_SHIFT) + i, 0);
        if (bf->ring_ref[i] < 0) {
            printf("blkfront: no grant reference for ring page %u\n", i);
            return -1;
        }
    }
    long rc = evtchn_alloc_unbound(bf->backend_id, &bf->port);
    if (rc != 0 || bf->port >= MAX_PORTS) {
        printf("blkfront: alloc_unbound for domain %u failed: %ld\n", bf->backend_id, rc);
        return -1;
    }
    return 0;
}

/* Publishes ring-ref(s), event-channel and protocol in one transaction (facts §5.4 3.5). */
static int publish_transport(struct blkfront *bf)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        uint32_t tx;
        if (xs_transaction_start(&tx) != 0) {
            return -1;
        }
        char path[96], val[24];
        int bad = 0;
        if (bf->ring_order == 0) {
            snprintf(path, sizeof path, "%s/ring-ref", bf->front);
            snprintf(val, sizeof val, "%d", bf->ring_ref[0]);
            bad |= xs_write(tx, path, val);
        } else {
            snprintf(path, sizeof path, "%s/ring-page-order", bf->front);
            snprintf(val, sizeof val, "%u", bf->ring_order);
            bad |= xs_write(tx, path, val);
            for (uint32_t i = 0; i < (1u << bf->ring_order); i++) {
                snprintf(path, sizeof path, "%s/ring-ref%u", bf->front, i);
                snprintf(val, sizeof val, "%d", bf->ring_ref[i]);
                bad |= xs_write(tx, path, val);
            }
        }
        snprintf(path, sizeof path, "%s/event-channel", bf->front);
        snprintf(val, sizeof val, "%u", bf->port);
        bad |= xs_write(tx, path, val);
        snprintf(path, sizeof path, "%s/protocol", bf->front);
        bad |= xs_write(tx, path, BLKIF_PROTOCOL_RISCV64);
        if (bad) {
            xs_transaction_end(tx, 0);
            printf("blkfront: writing the transport keys under %s failed\n", bf->front);
            return -1;
        }
        if (xs_transaction_end(tx, 1) == 0) {
            return 0;
        }
        if (strcmp(xs_error(), "EAGAIN") != 0) {
            printf("blkfront: transaction end failed: %s\n", xs_error());
            return -1;
        }
    }
    printf("blkfront: transaction kept failing with EAGAIN\n");
    return -1;
}

int blkfront_connect(struct blkfront *bf, const char *devid, uint32_t max_order, int polling)
{
    memset(bf, 0, sizeof *bf);
    if (xs_init() != 0 || gnttab_init() != 0) {
        printf("blkfront: needs xenstore and grant tables\n");
        return -1;
    }
    if (find_device(bf, devid) != 0) {
        return -1;
    }
    long own;
    if (xenbus_read_int(0, bf->front, "state", &own) != 0 || own != XenbusStateInitialising) {
        /* A previous connection left it Closed: Initialising asks the backend to prepare a
         * reconnect (facts §5.5). */
        if (xenbus_switch_state(&bf->dev, XenbusStateInitialising) != 0) {
            return -1;
        }
    }
    printf("blkfront: %s -> %s (domain %u), waiting for InitWait\n", bf->front, bf->back, bf->backend_id);
    /* InitWait, or Connected/Initialised from a backend that skips InitWait (facts §5.4). */
    int s = xenbus_wait_state(&bf->dev, XENBUS_MASK(XenbusStateInitWait) | XENBUS_MASK(XenbusStateInitialised)
                                            | XENBUS_MASK(XenbusStateConnected));
    if (s < 0) {
        return -1;
    }
    read_transport_features(bf);
    if (setup_ring(bf, max_order) != 0 || publish_transport(bf) != 0) {
        return -1;
    }
    bf->polling = polling;
    if (!polling && evtchn_bind(bf->port, on_event, bf) != 0) {
        printf("blkfront: cannot bind port %u\n", bf->port);
        return -1;
    }
    if (xenbus_switch_state(&bf->dev, XenbusStateInitialised) != 0) {
        return -1;
    }
    s = xenbus_wait_state(&bf->dev, XENBUS_MASK(XenbusStateConnected) | XENBUS_MASK(XenbusStateClosing)
                                        | XENBUS_MASK(XenbusStateClosed));
    if (s != XenbusStateConnected) {
        printf("blkfront: backend went to %s instead of Connected\n", xenbus_state_name(s));
        return -1;
    }
    if (read_disk_properties(bf) != 0 || xenbus_switch_state(&bf->dev, XenbusStateConnected) != 0) {
        return -1;
    }
    bf->connected = 1;
    printf("blkfront: %s connected: %lu sectors (%lu KiB), sector-size %u, info 0x%x, ring %u page(s) / %u "
           "slots, port %u, segments per request %u, flush %d, barrier %d, discard %d\n",
           bf->front, (unsigned long)bf->sectors, (unsigned long)(bf->sectors / 2), bf->sector_size, bf->info,
           1u << bf->ring_order, bf->slots, bf->port, bf->max_segs, bf->feature_flush, bf->feature_barrier,
           bf->feature_discard);
    return 0;
}

/* ---- requests ---- */

uint32_t blkfront_max_bytes(const struct blkfront *bf)
{
    return bf->max_segs * XEN_PAGE_SIZE;
}

uint32_t blkfront_in_flight(const struct blkfront *bf)
{
    return bf->slots - bf->nr_free;
}

static int check_request(const struct blkfront *bf, int op, uint64_t sector, uint32_t bytes)
{
    if (op == BLKFRONT_OP_FLUSH) {
        return bf->feature_flush || bf->feature_barrier ? 0 : -XEN_EINVAL;
    }
    if (op == BLKIF_OP_DISCARD && !bf->feature_discard) {
        return -XEN_EINVAL;
    }
    if (op != BLKIF_OP_READ && op != BLKIF_OP_WRITE && op != BLKIF_OP_DISCARD) {
        return -XEN_EINVAL;
    }
    if (op != BLKIF_OP_READ && (bf->info & VDISK_READONLY)) {
        return -XEN_EINVAL;
    }
    uint64_t n = bytes / BLKIF_SECTOR_SIZE;
    uint64_t align = bf->sector_size / BLKIF_SECTOR_SIZE; /* sector-size governs alignment (facts §5.2) */
    if (bytes == 0 || (bytes % bf->sector_size) != 0 || (sector % align) != 0 || sector >= bf->sectors
        || n > bf->sectors - sector) {
        return -XEN_EINVAL;
    }
    return 0;
}

int blkfront_submit(struct blkfront *bf, int op, uint64_t sector, void *buf, uint32_t bytes, blkfront_done fn,
                    void *arg)
{
    if (bf->broken || !bf->connected) {
        return -XEN_EIO;
    }
    int rc = check_request(bf, op, sector, bytes);
    if (rc != 0) {
        return rc;
    }
    struct blk_seg segs[BLKFRONT_MAX_INDIRECT_SEGS];
    int nsegs = 0;
    if (op == BLKIF_OP_READ || op == BLKIF_OP_WRITE) {
        nsegs = blk_split_segments((uint64_t)(uintptr_t)buf, bytes, segs, (int)bf->max_segs);
        if (nsegs < 0) {
            return -XEN_EINVAL;
        }
    }
    int indirect = nsegs > BLKIF_MAX_SEGMENTS_PER_REQUEST;
    unsigned long irq = irq_save();
    if (bf->nr_free == 0 || gnttab_free_count() < (unsigned)nsegs + (unsigned)indirect) {
        /* With nothing in flight no completion can free references: waiting would hang. */
        int idle = bf->nr_free == bf->slots;
        irq_restore(irq);
        return idle ? -XEN_ENOSPC : -XEN_EAGAIN;
    }
    uint16_t id = bf->free_ids[--bf->nr_free];
    struct blkfront_shadow *s = &bf->shadow[id];
    if (indirect && !s->indirect) {
        s->indirect = page_alloc(1);
        if (!s->indirect) {
            bf->free_ids[bf->nr_free++] = id;
            irq_restore(irq);
            return -XEN_EAGAIN;
        }
    }
    s->fn = fn;
    s->arg = arg;
    s->nr_grefs = (uint16_t)nsegs;
    s->indirect_ref = -1;
    /* Reads let the backend write our page; writes only let it read. */
    int data_ro = op == BLKIF_OP_WRITE;
    uint64_t words[BLKIF_MAX_SEGMENTS_PER_REQUEST];
    for (int i = 0; i < nsegs; i++) {
        s->grefs[i] = gnttab_grant_access(bf->backend_id, segs[i].gfn, data_ro);
        uint64_t w = blk_seg_word((uint32_t)s->grefs[i], segs[i].first, segs[i].last);
        if (indirect) {
            s->indirect[i] = w;
        } else {
            words[i] = w;
        }
    }
    uint8_t *dst = slot(bf, bf->req_prod_pvt);
    if (indirect) {
        wmb();
        s->indirect_ref = gnttab_grant_access(bf->backend_id, (uint64_t)(uintptr_t)s->indirect >> XEN_PAGE_SHIFT, 1);
        struct blkif_request_indirect r;
        memset(&r, 0, sizeof r);
        r.operation = BLKIF_OP_INDIRECT;
        r.indirect_op = (uint8_t)op;
        r.nr_segments = (uint16_t)nsegs;
        r.id = id;
        r.sector_number = sector;
        r.handle = bf->handle;
        r.indirect_grefs[0] = (uint32_t)s->indirect_ref;
        memcpy(dst, &r, sizeof r);
        bf->in_flight_op[id] = blk_indirect_op((uint8_t)op);
    } else if (op == BLKIF_OP_DISCARD) {
        struct blkif_request_discard r;
        memset(&r, 0, sizeof r);
        r.operation = BLKIF_OP_DISCARD;
        r.handle = bf->handle;
        r.id = id;
        r.sector_number = sector;
        r.nr_sectors = bytes / BLKIF_SECTOR_SIZE;
        memcpy(dst, &r, sizeof r);
        bf->in_flight_op[id] = BLKIF_OP_DISCARD;
    } else {
        struct blkif_request r;
        memset(&r, 0, sizeof r);
        int wire = op == BLKFRONT_OP_FLUSH ? (bf->feature_flush ? BLKIF_OP_FLUSH_DISKCACHE : BLKIF_OP_WRITE_BARRIER) : op;
        r.operation = (uint8_t)wire;
        r.nr_segments = (uint8_t)nsegs;
        r.handle = bf->handle;
        r.id = id;
        r.sector_number = op == BLKFRONT_OP_FLUSH ? 0 : sector;
        for (int i = 0; i < nsegs; i++) {
            r.seg[i] = words[i];
        }
        memcpy(dst, &r, sizeof r);
        bf->in_flight_op[id] = (int16_t)wire;
    }
    bf->req_prod_pvt++;
    bf->requests++;
    irq_restore(irq);
    return 0;
}

void blkfront_push(struct blkfront *bf)
{
    unsigned long irq = irq_save();
    uint32_t old = bf->pushed, now = bf->req_prod_pvt;
    if (old != now && bf->sring) {
        wmb(); /* the requests before the index (facts §4.4) */
        __atomic_store_n(&bf->sring->req_prod, now, __ATOMIC_RELEASE);
        mb();  /* the index before reading req_event */
        bf->pushed = now;
        if (ring_need_notify(old, now, __atomic_load_n(&bf->sring->req_event, __ATOMIC_ACQUIRE))) {
            bf->notifies++;
            evtchn_send(bf->port);
        }
    }
    irq_restore(irq);
}

int blkfront_wait(struct blkfront *bf, unsigned long seen)
{
    blkfront_push(bf);
    for (;;) {
        irq_disable();
        if (!bf->polling) {
            process_responses(bf); /* anything the callback could not see yet */
        } else if (process_responses(bf) == 0 && !bf->broken) {
            irq_enable();
            /* The final check in process_responses set rsp_event: the backend's next
             * response marks the port pending, and poll returns at once if it already is. */
            sched_poll(&bf->port, 1, 0);
            if (evtchn_test_and_clear(bf->port)) {
                bf->events++;
            }
            continue;
        }
        if (bf->completions != seen || bf->broken) {
            irq_enable();
            return bf->broken ? -1 : 0;
        }
        sched_block();
        irq_enable();
    }
}

void blkfront_set_polling(struct blkfront *bf, int polling)
{
    if (polling == bf->polling) {
        return;
    }
    bf->polling = polling;
    if (polling) {
        evtchn_mask(bf->port);
    } else {
        evtchn_bind(bf->port, on_event, bf); /* unmask re-delivers a pending event */
    }
}

struct sync_result { volatile int done; int status; };

static void sync_done(void *arg, int status)
{
    struct sync_result *r = arg;
    r->status = status;
    r->done = 1;
}

int blkfront_io(struct blkfront *bf, int op, uint64_t sector, void *buf, uint32_t bytes)
{
    struct sync_result r = { 0, 0 };
    int rc;
    for (;;) {
        unsigned long seen = bf->completions;
        rc = blkfront_submit(bf, op, sector, buf, bytes, sync_done, &r);
        if (rc != -XEN_EAGAIN) {
            break;
        }
        if (blkfront_wait(bf, seen) != 0) {
            return -XEN_EIO;
        }
    }
    if (rc != 0) {
        return rc;
    }
    for (;;) {
        unsigned long seen = bf->completions;
        if (r.done) {
            return r.status;
        }
        if (blkfront_wait(bf, seen) != 0) {
            return -XEN_EIO;
        }
    }
}

int blkfront_close(struct blkfront *bf)
{
    if (!bf->sring) {
        return -1;
    }
    for (;;) {
        unsigned long seen = bf->completions;
        if (blkfront_in_flight(bf) == 0 || bf->broken) {
            break;
        }
        blkfront_wait(bf, seen);
    }
    bf->connected = 0;
    evtchn_mask(bf->port);
    if (xenbus_switch_state(&bf->dev, XenbusStateClosing) != 0) {
        return -1;
    }
    /* The backend unmaps the ring and unbinds the port, then says Closing or Closed (facts §9.2). */
    int s = xenbus_wait_state(&bf->dev, XENBUS_MASK(XenbusStateClosing) | XENBUS_MASK(XenbusStateClosed)
                                            | XENBUS_MASK(XenbusStateUnknown));
    unsigned kept = 0;
    for (uint32_t i = 0; i < (1u << bf->ring_order); i++) {
        if (gnttab_end_access(bf->ring_ref[i]) != 0) {
            kept++;
        }
    }
    retry_deferred(bf);
    if (kept || bf->nr_deferred) {
        printf("blkfront: %u ring and %u data grants still mapped by the backend after it closed\n", kept,
               bf->nr_deferred);
    }
    if (xenbus_switch_state(&bf->dev, XenbusStateClosed) != 0) {
        return -1;
    }
    printf("blkfront: %s closed (backend %s): %lu requests, %lu notifications, %lu events\n", bf->front,
           xenbus_state_name(s), bf->requests, bf->notifies, bf->events);
    return kept || bf->nr_deferred || s < 0 ? -1 : 0;
}
