/*
 * disktest's data pattern (docs/guest.md): every 512-byte sector carries its own sector
 * number, the pass and the seed, so a misplaced sector (wrong number) or a stale one (old
 * pass) is recognised, not just "different". Pure code, also built on the host.
 *
 * Word 0 = sector number, word 1 = (pass << 32) | (seed & 0xffffffff), words 2..63 =
 * splitmix64 of (seed, pass, sector, word index), all little-endian u64.
 */
#ifndef PATTERN_H
#define PATTERN_H

#include <stdint.h>

#define PATTERN_WORDS 64 /* u64 per 512-byte sector */

uint64_t pattern_word(uint64_t seed, uint32_t pass, uint64_t sector, unsigned index);
void pattern_fill(uint64_t *sector_buf, uint64_t seed, uint32_t pass, uint64_t sector);

/* First mismatching word index in a sector, or -1 when it is right. */
int pattern_check(const uint64_t *sector_buf, uint64_t seed, uint32_t pass, uint64_t sector);

#endif
