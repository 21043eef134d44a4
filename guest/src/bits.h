/*
 * Bit helpers for the PV guest kernel, header-only so the host unit test
 * (test/hosttest.c) can check them too.
 */
#ifndef GUEST_BITS_H
#define GUEST_BITS_H

#include <stdint.h>

/*
 * Index of the lowest set bit of a nonzero word. The guest is built for rv64imac (no Zbb
 * ctz), where __builtin_ctzl becomes a libgcc call that scans byte by byte; the event
 * upcall scans two words per event, so it uses this loop-free form: v & -v keeps the lowest
 * set bit 2^i, multiplying by a de Bruijn sequence of order 6 (every 6-bit window occurs
 * exactly once) shifts a window unique to i into the top six bits, and a 64-entry table
 * maps the window back to i. The constant is the "prefer a one" de Bruijn sequence
 * starting with six zeros; the table was computed from it.
 */
static inline unsigned ctz64(uint64_t v)
{
    static const unsigned char window_to_index[64] = {
        0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
        62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
        63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
        46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
    };
    return window_to_index[((v & -v) * 0x03F79D71B4CB0A89UL) >> 58];
}

#endif
