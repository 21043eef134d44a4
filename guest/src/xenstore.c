/*
 * XenStore client over the ring page (facts §8.1 framing, §8.2 messages, §8.8 ring).
 *
 * The ring page and its event channel come from start-info (store_pfn, store_evtchn).
 * Requests are an xsd_sockmsg header plus payload written into req[]; replies and watch
 * events come back in rsp[]. Indices are free-running; position = idx & 1023. Each side
 * writes data, fences, moves its index, then notifies. The store port stays masked: this
 * client waits with sched_op(poll), so it works with interrupts off too. Replies are
 * matched by req_id; a WATCH_EVENT read while waiting for a reply is queued for
 * xs_read_watch. Errors come back as XS_ERROR with a name ("ENOENT"): returned as -1.
 */
#include "kernel.h"

static struct xenstore_domain_interface *ring;
static uint32_t port;
static uint32_t next_req_id = 1;

#define WATCH_QUEUE 4
static struct { char path[128]; char token[64]; } watch_q[WATCH_QUEUE];
static unsigned watch_head, watch_tail;

static void wait_event(void)
{
    sched_poll(&port, 1, 0);
    evtchn_test_and_clear(port);
}

int xs_init(void)
{
    if (!boot.pv || boot.si->store_pfn == 0) {
        return -1;
    }
    ring = (struct xenstore_domain_interface *)(uintptr_t)(boot.si->store_pfn << XEN_PAGE_SHIFT);
    port = boot.si->store_evtchn;
    evtchn_mask(port);
    return 0;
}

static void ring_write(const void *data, uint32_t len)
{
    const uint8_t *p = data;
    while (len > 0) {
        uint32_t cons = __atomic_load_n(&ring->req_cons, __ATOMIC_SEQ_CST);
        uint32_t prod = ring->req_prod;
        if (prod - cons >= XENSTORE_RING_SIZE) {
            evtchn_send(port);
            wait_event();
            continue;
        }
        while (len > 0 && prod - cons < XENSTORE_RING_SIZE) {
            ring->req[prod & (XENSTORE_RING_SIZE - 1)] = *p++;
            prod++;
            len--;
        }
        wmb();
        __atomic_store_n(&ring->req_prod, prod, __ATOMIC_SEQ_CST);
    }
    evtchn_send(port);
}

static void ring_read(void *data, uint32_t len)
{
    uint8_t *p = data;
    while (len > 0) {
        uint32_t prod = __atomic_load_n(&ring->rsp_prod, __ATOMIC_SEQ_CST);
        uint32_t cons = ring->rsp_cons;
        if (prod == cons) {
            wait_event();
            continue;
        }
        rmb();
        while (len > 0 && cons != prod) {
            *p++ = ring->rsp[cons & (XENSTORE_RING_SIZE - 1)];
            cons++;
            len--;
        }
        mb();
        __atomic_store_n(&ring->rsp_cons, cons, __ATOMIC_SEQ_CST);
        evtchn_send(port);
    }
}

static char payload[XENSTORE_PAYLOAD_MAX + 1];
static char last_error[16];

/* The error name ("EAGAIN", "ENOENT", ...) of the last failed request, "" after a success. */
const char *xs_error(void)
{
    return last_error;
}

/* Reads one message; watch events are queued and 0 is returned for them. */
static int read_message(struct xsd_sockmsg *h)
{
    ring_read(h, sizeof *h);
    if (h->len > XENSTORE_PAYLOAD_MAX) {
        printf("xenstore: reply of %u bytes exceeds the payload limit\n", h->len);
        return -1;
    }
    ring_read(payload, h->len);
    payload[h->len] = '\0';
    if (h->type == XS_WATCH_EVENT) {
        size_t pl = strlen(payload);
        if (watch_tail - watch_head < WATCH_QUEUE) {
            unsigned i = watch_tail++ % WATCH_QUEUE;
            strncpy0(watch_q[i].path, payload, sizeof watch_q[i].path);
            strncpy0(watch_q[i].token, pl < h->len ? payload + pl + 1 : "", sizeof watch_q[i].token);
        }
        return 0;
    }
    return 1;
}

/*
 * One request: parts are concatenated as the payload. The reply payload (NUL-terminated
 * for convenience) is copied to out; returns its length, or -1 on XS_ERROR.
 */
static int request(uint32_t type, uint32_t tx, const char *const *parts, const uint32_t *lens, int n,
                   char *out, size_t size)
{
    struct xsd_sockmsg h = { .type = type, .req_id = next_req_id++, .tx_id = tx, .len = 0 };
    for (int i = 0; i < n; i++) {
        h.len += lens[i];
    }
    if (h.len > XENSTORE_PAYLOAD_MAX) {
        return -1;
    }
    ring_write(&h, sizeof h);
    for (int i = 0; i < n; i++) {
        ring_write(parts[i], lens[i]);
    }
    struct xsd_sockmsg r;
    do {
        if (read_message(&r) < 0) {
            return -1;
        }
    } while (r.type == XS_WATCH_EVENT || r.req_id != h.req_id);
    if (r.type == XS_ERROR) {
        strncpy0(last_error, payload, sizeof last_error);
        /* A missing node is an answer, not a failure: callers probe optional keys. */
        if (strcmp(payload, "ENOENT") != 0) {
            printf("xenstore: request %u failed: %s\n", type, payload);
        }
        return -1;
    }
    last_error[0] = '\0';
    if (out && size) {
        size_t n2 = r.len < size - 1 ? r.len : size - 1;
        memcpy(out, payload, n2);
        out[n2] = '\0';
    }
    return (int)r.len;
}

int xs_read(uint32_t tx, const char *path, char *buf, size_t size)
{
    const char *p[] = { path };
    uint32_t l[] = { (uint32_t)strlen(path) + 1 };
    return request(XS_READ, tx, p, l, 1, buf, size);
}

int xs_write(uint32_t tx, const char *path, const char *value)
{
    const char *p[] = { path, value };
    uint32_t l[] = { (uint32_t)strlen(path) + 1, (uint32_t)strlen(value) };
    return request(XS_WRITE, tx, p, l, 2, 0, 0) < 0 ? -1 : 0;
}

/* Children as NUL-separated names in buf; returns the payload length. */
int xs_directory(uint32_t tx, const char *path, char *buf, size_t size)
{
    const char *p[] = { path };
    uint32_t l[] = { (uint32_t)strlen(path) + 1 };
    return request(XS_DIRECTORY, tx, p, l, 1, buf, size);
}

int xs_watch(const char *path, const char *token)
{
    const char *p[] = { path, token };
    uint32_t l[] = { (uint32_t)strlen(path) + 1, (uint32_t)strlen(token) + 1 };
    return request(XS_WATCH, 0, p, l, 2, 0, 0) < 0 ? -1 : 0;
}

/* Waits for the next watch event (a watch fires once when registered, facts §8.5). */
int xs_read_watch(char *path, size_t psize, char *token, size_t tsize)
{
    struct xsd_sockmsg r;
    while (watch_head == watch_tail) {
        if (read_message(&r) < 0) {
            return -1;
        }
    }
    unsigned i = watch_head++ % WATCH_QUEUE;
    strncpy0(path, watch_q[i].path, psize);
    strncpy0(token, watch_q[i].token, tsize);
    return 0;
}

int xs_transaction_start(uint32_t *tx)
{
    char buf[16];
    const char *p[] = { "" };
    uint32_t l[] = { 1 };
    if (request(XS_TRANSACTION_START, 0, p, l, 1, buf, sizeof buf) < 0) {
        return -1;
    }
    *tx = (uint32_t)parse_long(buf, 0);
    return 0;
}

/* Returns 0 on commit, -1 on failure (EAGAIN: the caller retries the transaction). */
int xs_transaction_end(uint32_t tx, int commit)
{
    const char *p[] = { commit ? "T" : "F" };
    uint32_t l[] = { 2 };
    return request(XS_TRANSACTION_END, tx, p, l, 1, 0, 0) < 0 ? -1 : 0;
}
