/*
 * XenBus helpers (xenbus.h). Each side of a split device watches the other side's `state`
 * key (facts §9): xenbus_wait_state registers one watch per directory, re-reads the state
 * after every watch event (events may coalesce or be dropped from the client's small queue,
 * the value never lies) and returns once the state is one the caller accepts.
 */
#include "kernel.h"
#include "xenbus.h"

#define WATCHED_MAX 8
static char watched[WATCHED_MAX][128];
static unsigned nwatched;

int xenbus_read_int(const char *dir, const char *key, long *value)
{
    char path[192], buf[32];
    if (snprintf(path, sizeof path, "%s/%s", dir, key) >= (int)sizeof path) {
        return -1;
    }
    int n = xs_read(0, path, buf, sizeof buf);
    if (n <= 0 || n > 20) {
        return -1;
    }
    /* parse_long returns the default for anything that is not entirely digits: use two
     * different defaults to tell "not a number" from a real value. */
    long a = parse_long(buf, -1), b = parse_long(buf, -2);
    if (a != b) {
        return -1;
    }
    *value = a;
    return 0;
}

int xenbus_switch_state(const char *dir, int state)
{
    char path[192], val[4];
    if (state < XenbusStateUnknown || state > XenbusStateReconfigured
        || snprintf(path, sizeof path, "%s/state", dir) >= (int)sizeof path) {
        return -1;
    }
    snprintf(val, sizeof val, "%d", state);
    return xs_write(0, path, val);
}

static int ensure_watch(const char *dir)
{
    for (unsigned i = 0; i < nwatched; i++) {
        if (strcmp(watched[i], dir) == 0) {
            return 0;
        }
    }
    if (nwatched == WATCHED_MAX || strlen(dir) + sizeof "/state" > sizeof watched[0]) {
        return -1;
    }
    char path[sizeof watched[0]];
    snprintf(path, sizeof path, "%s/state", dir);
    if (xs_watch(path, dir) != 0) {
        return -1;
    }
    strncpy0(watched[nwatched++], dir, sizeof watched[0]);
    return 0;
}

int xenbus_wait_state(const char *dir, uint32_t mask)
{
    if (ensure_watch(dir) != 0) {
        printf("xenbus: cannot watch %s/state\n", dir);
        return -1;
    }
    for (;;) {
        long s;
        if (xenbus_read_int(dir, "state", &s) != 0 || s < 0 || s > XenbusStateReconfigured) {
            s = XenbusStateUnknown;
        }
        if (mask & XENBUS_STATE_BIT(s)) {
            return (int)s;
        }
        char path[128], token[128];
        if (xs_read_watch(path, sizeof path, token, sizeof token) != 0) {
            return -1;
        }
    }
}

const char *xenbus_state_name(int state)
{
    static const char *const names[] = { "Unknown", "Initialising", "InitWait", "Initialised", "Connected",
                                         "Closing", "Closed", "Reconfiguring", "Reconfigured" };
    return state >= 0 && state <= XenbusStateReconfigured ? names[state] : "?";
}
