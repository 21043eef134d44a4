/*
 * blkfront: the guest side of a xenbus block device (facts §5, §9; docs/abi.md §10, §11;
 * docs/guest.md "blkfront").
 *
 * blkfront_connect finds a vbd under device/vbd/ in the guest's xenstore home, runs the
 * handshake with its backend and leaves the device Connected. I/O is asynchronous:
 * blkfront_submit puts a request on the ring (not yet visible to the backend),
 * blkfront_push publishes everything queued and notifies the backend if it asked to be
 * woken, and completions call the request's callback either from the event-channel
 * callback (interrupt mode) or from blkfront_wait (polling mode, port masked).
 * blkfront_io is the synchronous wrapper.
 */
#ifndef BLKFRONT_H
#define BLKFRONT_H

#include <stdint.h>
#include "xen_abi.h"
#include "xenbus.h"

#define BLKFRONT_MAX_RING_ORDER   2    /* up to 4 ring pages (128 slots) */
#define BLKFRONT_MAX_SLOTS        (BLKIF_RING_SLOTS_PER_PAGE << BLKFRONT_MAX_RING_ORDER)
#define BLKFRONT_MAX_INDIRECT_SEGS 256 /* 1 MiB per request; one indirect page */
#define BLKFRONT_DEFERRED_MAX     64   /* grants still mapped at completion, retried later */

/* Pseudo-operation for blkfront_submit: flush (FLUSH_DISKCACHE, or a barrier). */
#define BLKFRONT_OP_FLUSH 0x100

/* Completion: status is BLKIF_RSP_OKAY, BLKIF_RSP_ERROR or BLKIF_RSP_EOPNOTSUPP. */
typedef void (*blkfront_done)(void *arg, int status);

struct blkfront_shadow {
    blkfront_done fn;
    void *arg;
    int *grefs;          /* data page grants of this request */
    uint16_t nr_grefs;
    int indirect_ref;    /* grant of the indirect page, -1 when direct */
    uint64_t *indirect;  /* this slot's indirect page (allocated on first use) */
};

struct blkfront {
    /* identity (xenstore) */
    char front[48];           /* "device/vbd/<devid>", relative to the guest's home */
    char back[128];           /* the backend directory (absolute) */
    struct xenbus_device dev; /* this device's xenbus end (backend path, id, state watch) */
    uint16_t backend_id;
    uint16_t handle;          /* virtual-device */
    /* what the backend offers (validated) */
    uint64_t sectors;         /* size in 512-byte units */
    uint32_t sector_size;
    uint32_t info;            /* VDISK_* */
    int feature_flush, feature_barrier, feature_discard;
    uint32_t backend_max_indirect; /* feature-max-indirect-segments as published */
    uint32_t backend_max_order;    /* max-ring-page-order as published */
    uint32_t max_segs;        /* segments per request we use: 11, or the indirect limit */
    /* the ring */
    uint32_t ring_order, slots;
    struct sring_header *sring;
    int ring_ref[1 << BLKFRONT_MAX_RING_ORDER];
    uint32_t port;
    int polling;
    uint32_t req_prod_pvt, rsp_cons, pushed;
    /* requests */
    struct blkfront_shadow *shadow;    /* slots entries */
    int16_t *in_flight_op;             /* slots entries, -1 = free */
    uint16_t *free_ids;
    uint32_t nr_free;
    int deferred[BLKFRONT_DEFERRED_MAX];
    uint32_t nr_deferred;
    volatile unsigned long completions;
    /* health and counters */
    int broken;               /* the backend sent something invalid: no more I/O */
    int connected;
    unsigned long requests, notifies, events, bad_responses, leaked_grants;
};

/*
 * Connects the vbd named devid ("768"), or the first one under device/vbd when devid is
 * NULL, with ring pages of at most max_order (clamped to BLKFRONT_MAX_RING_ORDER and to the
 * backend's offer). polling: 1 = port masked, completions in blkfront_wait; 0 = callback.
 * Returns 0, or -1 with the reason printed.
 */
int blkfront_connect(struct blkfront *bf, const char *devid, uint32_t max_order, int polling);

/* Largest read/write blkfront_submit accepts for a page-aligned buffer. */
uint32_t blkfront_max_bytes(const struct blkfront *bf);

/*
 * Queues one request: BLKIF_OP_READ / BLKIF_OP_WRITE of bytes at sector (512-byte units)
 * from or to buf, BLKFRONT_OP_FLUSH, or BLKIF_OP_DISCARD of bytes / 512 sectors (buf
 * unused). Returns 0, -XEN_EAGAIN when no slot or not enough grant references are free
 * (wait for a completion and retry), -XEN_ENOSPC when too few grant references are free
 * even with nothing in flight, -XEN_EINVAL for a request outside the disk, misaligned,
 * too large or not offered by the backend, -XEN_EIO once the device is broken.
 */
int blkfront_submit(struct blkfront *bf, int op, uint64_t sector, void *buf, uint32_t bytes, blkfront_done fn,
                    void *arg);

/* Publishes queued requests (push-and-check-notify, facts §4.4). */
void blkfront_push(struct blkfront *bf);

/*
 * Pushes, then waits until bf->completions differs from seen (read it before checking
 * your own completion flags, so a completion in between is not slept through).
 * Returns 0, or -1 once the device is broken.
 */
int blkfront_wait(struct blkfront *bf, unsigned long seen);

/* Requests submitted and not completed. */
uint32_t blkfront_in_flight(const struct blkfront *bf);

/* Switches between callback and polling completion. */
void blkfront_set_polling(struct blkfront *bf, int polling);

/* Synchronous request: returns the response status, or a negative blkfront_submit error. */
int blkfront_io(struct blkfront *bf, int op, uint64_t sector, void *buf, uint32_t bytes);

/* Drains, then Closing → (backend Closing/Closed) → end the ring grants → Closed. */
int blkfront_close(struct blkfront *bf);

#endif
