/*
 * xenbus for the Paravane guest kernel: a device's state machine over the xenstore client
 * (facts §9; docs/guest.md "xenbus"). A frontend names its own directory (relative to its
 * home, e.g. "device/vbd/768"); xenbus_device_init finds the other end through the
 * directory's "backend" and "backend-id" keys and watches the other end's "state", as Xen
 * frontends do. Every call returns 0 (or a state) on success and -1 on failure; nothing
 * here allocates.
 */
#ifndef XENBUS_H
#define XENBUS_H

#include <stdint.h>

/* Xen's state numbers (io/xenbus.h, facts §9) are XenbusState* in xen_abi.h (docs/abi.md §9),
 * stored as decimal strings in "state". */
#include "xen_abi.h"

/* A set of states for xenbus_wait_state: XENBUS_MASK(XenbusStateConnected) | ... */
#define XENBUS_MASK(s) (1u << (s))

#define XENBUS_PATH_MAX 128

struct xenbus_device {
    char nodename[XENBUS_PATH_MAX];   /* own directory, as given */
    char otherend[XENBUS_PATH_MAX];   /* the other end's directory (its "backend" key) */
    int otherend_id;                  /* the other end's domain ("backend-id") */
    char token[16];                   /* token of the watch on otherend/state */
};

/* Fills dev from nodename/backend and nodename/backend-id and watches the other end's state. */
int xenbus_device_init(struct xenbus_device *dev, const char *nodename);

/* Writes state s into nodename/state (in a transaction, retried on EAGAIN). */
int xenbus_switch_state(struct xenbus_device *dev, int s);

/* This end's stored state (Unknown if absent or not a number). */
int xenbus_read_state(const char *dir);

/*
 * Blocks until the other end's state is in mask (XENBUS_MASK bits) and returns it. The state
 * is re-read on every watch event (initial, spurious and others' events included), so no
 * change can be missed; a state outside 0..8 reads as Unknown, as Linux reads garbage.
 */
int xenbus_wait_state(struct xenbus_device *dev, unsigned mask);

/* A decimal key as a number; -1 if absent or not a number. dir may be NULL (path is whole). */
int xenbus_read_int(uint32_t tx, const char *dir, const char *key, long *out);

/* Writes a number as a decimal key. */
int xenbus_write_int(uint32_t tx, const char *dir, const char *key, long v);

/* Writes a string key dir/key. */
int xenbus_write_str(uint32_t tx, const char *dir, const char *key, const char *value);

/* The name of a state ("Connected"), for logs. */
const char *xenbus_state_name(int s);

#endif
