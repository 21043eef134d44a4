/*
 * XenBus helpers for split drivers (facts §9; docs/abi.md §9): integer keys, the `state`
 * key of a device directory, and waiting for the other end's state with a watch.
 */
#ifndef XENBUS_H
#define XENBUS_H

#include <stdint.h>

/* Bit for state s in a xenbus_wait_state mask. */
#define XENBUS_STATE_BIT(s) (1u << (s))

/*
 * Reads dir/key as a decimal (or 0x hex) integer into *value. Returns 0, or -1 when the
 * key is missing, empty, not a number or longer than 20 digits (*value untouched).
 */
int xenbus_read_int(const char *dir, const char *key, long *value);

/* Writes dir/state = state (decimal). Returns 0 or -1. */
int xenbus_switch_state(const char *dir, int state);

/*
 * Waits until dir/state holds a state whose bit is in mask (a missing key counts as
 * XenbusStateUnknown). Registers a watch on dir/state the first time a directory is
 * waited on. Returns the state reached, or -1 on a xenstore failure.
 */
int xenbus_wait_state(const char *dir, uint32_t mask);

/* Name of a state for messages ("InitWait"), "?" outside 0..8. */
const char *xenbus_state_name(int state);

#endif
