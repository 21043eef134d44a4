/*
 * xenbus state handling over the xenstore client (facts §9, docs/guest.md "xenbus").
 *
 * Each side keeps its state as a decimal string in its own "state" key and watches the other
 * side's. A watch event only says "look again": the state is always re-read, so spurious and
 * initial fires (facts §8.5) are harmless and a change between two reads is never lost.
 */
#include "kernel.h"
#include "xenbus.h"

static const char *const state_names[] = {
    "Unknown", "Initialising", "InitWait", "Initialised", "Connected",
    "Closing", "Closed", "Reconfiguring", "Reconfigured",
};

const char *xenbus_state_name(int s)
{
    return s >= 0 && s <= XenbusStateReconfigured ? state_names[s] : "invalid";
}

static int join(char *out, const char *dir, const char *key)
{
    int n = dir ? snprintf(out, XENBUS_PATH_MAX, "%s/%s", dir, key) : snprintf(out, XENBUS_PATH_MAX, "%s", key);
    return n > 0 && n < XENBUS_PATH_MAX ? 0 : -1;
}

/* A decimal number with nothing else (no sign, no spaces, at most 18 digits). */
static int strict_decimal(const char *s, long *out)
{
    long v = 0;
    int digits = 0;
    for (; *s; s++, digits++) {
        if (*s < '0' || *s > '9' || digits >= 18) {
            return -1;
        }
        v = v * 10 + (*s - '0');
    }
    if (digits == 0) {
        return -1;
    }
    *out = v;
    return 0;
}

int xenbus_read_int(uint32_t tx, const char *dir, const char *key, long *out)
{
    char path[XENBUS_PATH_MAX], buf[32];
    if (join(path, dir, key) != 0 || xs_read(tx, path, buf, sizeof buf) < 0) {
        return -1;
    }
    return strict_decimal(buf, out);
}

int xenbus_write_str(uint32_t tx, const char *dir, const char *key, const char *value)
{
    char path[XENBUS_PATH_MAX];
    if (join(path, dir, key) != 0) {
        return -1;
    }
    return xs_write(tx, path, value);
}

int xenbus_write_int(uint32_t tx, const char *dir, const char *key, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return xenbus_write_str(tx, dir, key, buf);
}

int xenbus_read_state(const char *dir)
{
    long s;
    if (xenbus_read_int(0, dir, "state", &s) != 0 || s > XenbusStateReconfigured) {
        return XenbusStateUnknown;
    }
    return (int)s;
}

int xenbus_device_init(struct xenbus_device *dev, const char *nodename)
{
    static unsigned next_token;
    char path[XENBUS_PATH_MAX];
    long id;
    strncpy0(dev->nodename, nodename, sizeof dev->nodename);
    if (join(path, nodename, "backend") != 0
            || xs_read(0, path, dev->otherend, sizeof dev->otherend) < 0
            || xenbus_read_int(0, nodename, "backend-id", &id) != 0) {
        printf("xenbus: %s has no backend\n", nodename);
        return -1;
    }
    dev->otherend_id = (int)id;
    snprintf(dev->token, sizeof dev->token, "xb%u", next_token++);
    if (join(path, dev->otherend, "state") != 0 || xs_watch(path, dev->token) != 0) {
        printf("xenbus: cannot watch %s/state\n", dev->otherend);
        return -1;
    }
    return 0;
}

int xenbus_switch_state(struct xenbus_device *dev, int s)
{
    /* In a transaction, as Linux does, so a device directory removed meanwhile is noticed. */
    for (int attempt = 0; attempt < 16; attempt++) {
        uint32_t tx;
        char path[XENBUS_PATH_MAX], buf[8];
        if (xs_transaction_start(&tx) != 0) {
            return -1;
        }
        if (join(path, dev->nodename, "state") != 0 || xs_read(tx, path, buf, sizeof buf) < 0
                || xenbus_write_int(tx, dev->nodename, "state", s) != 0) {
            xs_transaction_end(tx, 0);
            return -1;
        }
        if (xs_transaction_end(tx, 1) == 0) {
            return 0;
        }
        /* EAGAIN (or another failure): try again with a fresh transaction. */
    }
    return -1;
}

int xenbus_wait_state(struct xenbus_device *dev, unsigned mask)
{
    char path[XENBUS_PATH_MAX], token[16];
    for (;;) {
        int s = xenbus_read_state(dev->otherend);
        if (mask & XENBUS_MASK(s)) {
            return s;
        }
        if (xs_read_watch(path, sizeof path, token, sizeof token) != 0) {
            return -1;
        }
    }
}
