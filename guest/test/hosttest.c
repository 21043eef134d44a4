/*
 * Host-side unit test of the guest's pure blkif code: ring sizing, the notify rule,
 * segment splitting, response checks (blkring.h), disktest's pattern (pattern.c) and the
 * event scan's ctz64 (bits.h).
 * Built and run with `make -C guest hosttest` (host gcc); exits nonzero on a failure.
 */
#include <stdio.h>
#include <string.h>
#include "bits.h"
#include "blkring.h"
#include "pattern.h"

static int failures;

#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
            failures++;                                               \
        }                                                             \
    } while (0)

static void ring_sizes(void)
{
    /* facts §4.1: 36 → 32 slots per page; 2 pages 72 → 64; 4 pages 145 → 128. */
    CHECK(ring_slots(4096, XEN_BLKIF_REQUEST_SIZE) == 32);
    CHECK(ring_slots(8192, XEN_BLKIF_REQUEST_SIZE) == 64);
    CHECK(ring_slots(16384, XEN_BLKIF_REQUEST_SIZE) == 128);
    CHECK(ring_slots(4096, 12) == 256); /* netif tx */
    CHECK(ring_slots(4096, 8) == 256);  /* netif rx */
    CHECK(ring_slots(64 + 111, XEN_BLKIF_REQUEST_SIZE) == 0);
    CHECK(BLKIF_RING_SLOTS_PER_PAGE == 32);
}

static void notify_rule(void)
{
    /* The peer waits at event e: notify iff e is in (old, new]. */
    CHECK(ring_need_notify(0, 1, 1));
    CHECK(!ring_need_notify(1, 2, 1));   /* already passed earlier */
    CHECK(ring_need_notify(1, 5, 5));
    CHECK(ring_need_notify(1, 5, 2));
    CHECK(!ring_need_notify(1, 5, 6));   /* asked for later */
    CHECK(!ring_need_notify(5, 5, 5));   /* nothing pushed */
    /* across the u32 wrap */
    CHECK(ring_need_notify(0xFFFFFFFEu, 2, 0xFFFFFFFFu));
    CHECK(ring_need_notify(0xFFFFFFFEu, 2, 0));
    CHECK(ring_need_notify(0xFFFFFFFEu, 2, 2));
    CHECK(!ring_need_notify(0xFFFFFFFEu, 2, 3));
    CHECK(!ring_need_notify(0xFFFFFFFEu, 2, 0xFFFFFFFEu));
    /* exhaustive over a small window against the definition */
    for (uint32_t old = 0xFFFFFFF0u; old != 0x10; old++) {
        for (uint32_t n = 0; n < 8; n++) {
            uint32_t now = old + n;
            for (uint32_t d = 0; d < 16; d++) {
                uint32_t ev = old - 4 + d;
                int in_range = 0;
                for (uint32_t k = 1; k <= n; k++) {
                    in_range |= old + k == ev;
                }
                CHECK(ring_need_notify(old, now, ev) == in_range);
            }
        }
    }
}

static void segments(void)
{
    struct blk_seg s[16];
    /* one full aligned page */
    CHECK(blk_split_segments(0x80001000, 4096, s, 11) == 1);
    CHECK(s[0].gfn == 0x80001 && s[0].first == 0 && s[0].last == 7);
    /* 1 KiB starting at sector 3 of a page */
    CHECK(blk_split_segments(0x80001000 + 3 * 512, 1024, s, 11) == 1);
    CHECK(s[0].first == 3 && s[0].last == 4);
    /* crossing a page: sectors 6..7 of one page and 0..1 of the next */
    CHECK(blk_split_segments(0x80001000 + 6 * 512, 2048, s, 11) == 2);
    CHECK(s[0].gfn == 0x80001 && s[0].first == 6 && s[0].last == 7);
    CHECK(s[1].gfn == 0x80002 && s[1].first == 0 && s[1].last == 1);
    /* 44 KiB = 11 pages fits exactly, 48 KiB does not */
    CHECK(blk_split_segments(0x80000000, 11 * 4096, s, 11) == 11);
    CHECK(s[10].gfn == 0x8000A && s[10].last == 7);
    CHECK(blk_split_segments(0x80000000, 12 * 4096, s, 11) == -1);
    /* misaligned or empty */
    CHECK(blk_split_segments(0x80000001, 512, s, 11) == -1);
    CHECK(blk_split_segments(0x80000000, 100, s, 11) == -1);
    CHECK(blk_split_segments(0x80000000, 0, s, 11) == -1);
    /* the descriptor packs into the layout's offsets (docs/abi.md §11) */
    struct blkif_request_segment seg;
    uint64_t w = blk_seg_word(0x12345678, 3, 6);
    memcpy(&seg, &w, sizeof seg);
    CHECK(seg.gref == 0x12345678 && seg.first_sect == 3 && seg.last_sect == 6);
}

static void responses(void)
{
    int16_t ops[4] = { -1, BLKIF_OP_READ, BLKIF_OP_WRITE, -1 };
    ops[3] = blk_indirect_op(BLKIF_OP_WRITE);
    struct blkif_response r = { .id = 1, .operation = BLKIF_OP_READ, .status = BLKIF_RSP_OKAY };
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_VALID);
    r.status = BLKIF_RSP_ERROR;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_VALID);
    r.status = BLKIF_RSP_EOPNOTSUPP;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_VALID);
    r.status = -3;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_BAD_STATUS);
    r.status = 1;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_BAD_STATUS);
    r.status = 0;
    r.id = 4;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_BAD_ID);
    r.id = 0xFFFFFFFFFFFFFFFFUL;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_BAD_ID);
    r.id = 0;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_NOT_IN_FLIGHT);
    r.id = 2;
    r.operation = BLKIF_OP_READ;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_BAD_OP);
    /* an indirect write may be answered as INDIRECT or as WRITE, not as READ */
    r.id = 3;
    r.operation = BLKIF_OP_INDIRECT;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_VALID);
    r.operation = BLKIF_OP_WRITE;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_VALID);
    r.operation = BLKIF_OP_READ;
    CHECK(blk_check_response(&r, 4, ops) == BLK_RSP_BAD_OP);
    /* more responses than the ring holds */
    CHECK(!ring_rsp_overflow(32, 0, 32));
    CHECK(ring_rsp_overflow(33, 0, 32));
    CHECK(!ring_rsp_overflow(5, 0xFFFFFFF0u, 32));
    CHECK(ring_rsp_overflow(0xFFFFFFF0u, 5, 32)); /* rsp_prod behind rsp_cons */
}

static void pattern(void)
{
    uint64_t a[PATTERN_WORDS], b[PATTERN_WORDS];
    pattern_fill(a, 7, 1, 1000);
    CHECK(a[0] == 1000 && a[1] == ((1UL << 32) | 7));
    CHECK(pattern_check(a, 7, 1, 1000) == -1);
    /* a misplaced sector, a stale pass, another seed: all detected in the header words */
    CHECK(pattern_check(a, 7, 1, 1001) == 0);
    CHECK(pattern_check(a, 7, 2, 1000) == 1);
    CHECK(pattern_check(a, 8, 1, 1000) == 1);
    /* one flipped bit anywhere is found at its word */
    for (int w = 0; w < PATTERN_WORDS; w++) {
        memcpy(b, a, sizeof b);
        b[w] ^= 1UL << (w % 64);
        CHECK(pattern_check(b, 7, 1, 1000) == w);
    }
    /* the body differs between neighbouring sectors, passes and seeds */
    uint64_t c[PATTERN_WORDS];
    pattern_fill(c, 7, 1, 1001);
    int same = 0;
    for (int w = 2; w < PATTERN_WORDS; w++) {
        same += a[w] == c[w];
    }
    CHECK(same == 0);
    /* values computed by an independent (Python) implementation of pattern.h's definition */
    CHECK(pattern_word(1, 1, 0, 2) == 0xbeeb8da1658eec67UL);
    CHECK(pattern_word(7, 3, 12345, 63) == 0xa0d062e52bf8db76UL);
}

/* ctz64 (bits.h) against a plain bit-by-bit count: every single bit, and the lowest bit
 * of words with more bits set above it (the event scan's case). */
static unsigned ctz_by_shifting(uint64_t v)
{
    unsigned n = 0;
    while ((v & 1) == 0) {
        v >>= 1;
        n++;
    }
    return n;
}

static void ctz(void)
{
    for (unsigned i = 0; i < 64; i++) {
        CHECK(ctz64(1UL << i) == i);
        CHECK(ctz64(~0UL << i) == i);
        CHECK(ctz64((1UL << i) | (1UL << 63)) == i);
    }
    uint64_t x = 0x9E3779B97F4A7C15UL;
    for (int k = 0; k < 10000; k++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (x != 0) {
            CHECK(ctz64(x) == ctz_by_shifting(x));
        }
    }
}

int main(void)
{
    ctz();
    ring_sizes();
    notify_rule();
    segments();
    responses();
    pattern();
    if (failures) {
        printf("hosttest: %d failure(s)\n", failures);
        return 1;
    }
    printf("hosttest: all checks passed\n");
    return 0;
}
