/* disktest's sector pattern (pattern.h). */
#include "pattern.h"

static uint64_t mix(uint64_t z)
{
    /* splitmix64's finaliser: every input bit affects every output bit. */
    z += 0x9E3779B97F4A7C15UL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

uint64_t pattern_word(uint64_t seed, uint32_t pass, uint64_t sector, unsigned index)
{
    if (index == 0) {
        return sector;
    }
    if (index == 1) {
        return ((uint64_t)pass << 32) | (seed & 0xFFFFFFFFUL);
    }
    return mix(seed ^ ((uint64_t)pass * 0x9E3779B97F4A7C15UL) ^ (sector * 0xBF58476D1CE4E5B9UL) ^ index);
}

void pattern_fill(uint64_t *p, uint64_t seed, uint32_t pass, uint64_t sector)
{
    for (unsigned i = 0; i < PATTERN_WORDS; i++) {
        p[i] = pattern_word(seed, pass, sector, i);
    }
}

int pattern_check(const uint64_t *p, uint64_t seed, uint32_t pass, uint64_t sector)
{
    for (unsigned i = 0; i < PATTERN_WORDS; i++) {
        if (p[i] != pattern_word(seed, pass, sector, i)) {
            return (int)i;
        }
    }
    return -1;
}
