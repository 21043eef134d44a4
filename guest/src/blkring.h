/*
 * Pure shared-ring and blkif helpers (facts §4, §5; docs/abi.md §10, §11): no hardware, no
 * globals, so guest/test/hosttest.c can exercise them with the host compiler.
 */
#ifndef BLKRING_H
#define BLKRING_H

#include <stdint.h>
#include "xen_abi.h"

/* Slots in a ring of `bytes` (header included): the largest power of two that fits
 * (bytes - 64) / entry (facts §4.1). */
static inline uint32_t ring_slots(uint32_t bytes, uint32_t entry)
{
    uint32_t n = (bytes - SRING_HEADER_SIZE) / entry, p = 1;
    while (p * 2 <= n) {
        p *= 2;
    }
    return n == 0 ? 0 : p;
}

/* Push-and-check-notify (facts §4.4): the peer asked to be woken at an index in (old, new]. */
static inline int ring_need_notify(uint32_t old_prod, uint32_t new_prod, uint32_t event)
{
    return (uint32_t)(new_prod - event) < (uint32_t)(new_prod - old_prod);
}

/* One data segment: a 4 KiB guest frame and the sector range in it (inclusive). */
struct blk_seg {
    uint64_t gfn;
    uint8_t first, last;
};

/*
 * Splits the buffer [addr, addr + bytes) into per-page segments. addr and bytes must be
 * multiples of 512 (blkif sectors, facts §5.2). Returns the number of segments, or -1
 * when the buffer is misaligned, empty, or needs more than max segments.
 */
static inline int blk_split_segments(uint64_t addr, uint64_t bytes, struct blk_seg *out, int max)
{
    if (bytes == 0 || (addr & (BLKIF_SECTOR_SIZE - 1)) || (bytes & (BLKIF_SECTOR_SIZE - 1))) {
        return -1;
    }
    int n = 0;
    uint64_t end = addr + bytes;
    while (addr < end) {
        uint64_t page_end = (addr | (XEN_PAGE_SIZE - 1)) + 1;
        uint64_t stop = end < page_end ? end : page_end;
        if (n == max) {
            return -1;
        }
        out[n].gfn = addr >> XEN_PAGE_SHIFT;
        out[n].first = (uint8_t)((addr & (XEN_PAGE_SIZE - 1)) / BLKIF_SECTOR_SIZE);
        out[n].last = (uint8_t)(((stop - 1) & (XEN_PAGE_SIZE - 1)) / BLKIF_SECTOR_SIZE);
        n++;
        addr = stop;
    }
    return n;
}

/* Packs a segment descriptor into the u64 the request layout holds (docs/abi.md §11). */
static inline uint64_t blk_seg_word(uint32_t gref, uint8_t first, uint8_t last)
{
    return (uint64_t)gref | ((uint64_t)first << 32) | ((uint64_t)last << 40);
}

/* Why a response was refused (blk_check_response). */
enum blk_rsp_check {
    BLK_RSP_VALID = 0,
    BLK_RSP_BAD_ID = -1,        /* id outside the shadow table */
    BLK_RSP_NOT_IN_FLIGHT = -2, /* id names no outstanding request (duplicate or invented) */
    BLK_RSP_BAD_OP = -3,        /* operation differs from the request's */
    BLK_RSP_BAD_STATUS = -4,    /* status not one of BLKIF_RSP_* */
};

/* in_flight_op value of an indirect request: the wire op plus the inner op in bits 8..15. */
static inline int16_t blk_indirect_op(uint8_t inner)
{
    return (int16_t)(BLKIF_OP_INDIRECT | (inner << 8));
}

/*
 * Checks a response copied out of the ring against the request table: in_flight_op[id] is
 * the operation of the outstanding request with that id (blk_indirect_op for indirect
 * ones), or -1 when id is free. An indirect request may be answered with either
 * BLKIF_OP_INDIRECT or its inner operation (Linux blkback echoes the inner one).
 */
static inline int blk_check_response(const struct blkif_response *r, uint32_t nr_ids, const int16_t *in_flight_op)
{
    if (r->id >= nr_ids) {
        return BLK_RSP_BAD_ID;
    }
    int16_t op = in_flight_op[r->id];
    if (op < 0) {
        return BLK_RSP_NOT_IN_FLIGHT;
    }
    uint8_t wire = (uint8_t)(op & 0xFF);
    if (r->operation != wire && !(wire == BLKIF_OP_INDIRECT && r->operation == (uint8_t)(op >> 8))) {
        return BLK_RSP_BAD_OP;
    }
    if (r->status != BLKIF_RSP_OKAY && r->status != BLKIF_RSP_ERROR && r->status != BLKIF_RSP_EOPNOTSUPP) {
        return BLK_RSP_BAD_STATUS;
    }
    return BLK_RSP_VALID;
}

/* Frontend's view of outstanding responses; more than the ring holds means a broken back
 * (facts §4.3). */
static inline int ring_rsp_overflow(uint32_t rsp_prod, uint32_t rsp_cons, uint32_t slots)
{
    return (uint32_t)(rsp_prod - rsp_cons) > slots;
}

#endif
