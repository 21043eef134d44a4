/*
 * Peer for `hv bench xenstore`: the floor of a unix-socket request/reply round trip on this
 * machine, with xenstored's message sizes (a 29-byte READ of "/bench/value", a 21-byte reply
 * carrying "hello"), between two processes. The server answers every complete request in
 * what one read returned; nothing is looked up, so the figure is the transport alone.
 *
 * usage: xsping-peer SECONDS SERVER_SPIN_US CLIENT_SPIN_US
 *   SERVER_SPIN_US 0: the server blocks in read(2); N: it retries a non-blocking recv for up
 *   to N microseconds, then sleeps in poll(2) (what xenstored's reader does with
 *   paravane.xenstored.spinMicros=N). CLIENT_SPIN_US likewise for the client's reply wait.
 * Prints: rate <round trips per second>
 *
 * Built by the benchmark at run time into bench/target; no binary is committed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HDR 16
#define REQ_PAYLOAD 13 /* "/bench/value\0" */
#define REPLY_PAYLOAD 5 /* "hello" */

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void put32(unsigned char *p, uint32_t v) {
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static uint32_t get32(const unsigned char *p) {
    return p[0] | p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads at least one byte: spins for up to spin_ns with MSG_DONTWAIT, then sleeps in poll. */
static ssize_t read_some(int fd, unsigned char *buf, size_t len, uint64_t spin_ns) {
    if (spin_ns == 0) {
        for (;;) {
            ssize_t n = read(fd, buf, len);
            if (n >= 0 || errno != EINTR) return n;
        }
    }
    uint64_t start = now_ns();
    for (;;) {
        ssize_t n = recv(fd, buf, len, MSG_DONTWAIT);
        if (n >= 0) return n;
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
        if (now_ns() - start >= spin_ns) {
            struct pollfd p = { .fd = fd, .events = POLLIN };
            if (poll(&p, 1, -1) < 0 && errno != EINTR) return -1;
            start = now_ns();
        } else {
            __builtin_ia32_pause();
        }
    }
}

static int write_all(int fd, const unsigned char *b, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, b, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        b += n;
        len -= (size_t)n;
    }
    return 0;
}

static void serve(int fd, uint64_t spin_ns) {
    unsigned char in[16384];
    unsigned char out[16384];
    size_t have = 0;
    for (;;) {
        ssize_t n = read_some(fd, in + have, sizeof in - have, spin_ns);
        if (n <= 0) return;
        have += (size_t)n;
        size_t pos = 0, o = 0;
        while (have - pos >= HDR) {
            uint32_t len = get32(in + pos + 12);
            if (len > 4096) return;
            if (have - pos < HDR + len) break;
            /* Reply: same type and req_id, tx 0, payload "hello". */
            memcpy(out + o, in + pos, 8);
            put32(out + o + 8, 0);
            put32(out + o + 12, REPLY_PAYLOAD);
            memcpy(out + o + HDR, "hello", REPLY_PAYLOAD);
            o += HDR + REPLY_PAYLOAD;
            pos += HDR + len;
        }
        memmove(in, in + pos, have - pos);
        have -= pos;
        if (o > 0 && write_all(fd, out, o) < 0) return;
    }
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: xsping-peer SECONDS SERVER_SPIN_US CLIENT_SPIN_US\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    uint64_t server_spin = strtoull(argv[2], NULL, 10) * 1000u;
    uint64_t client_spin = strtoull(argv[3], NULL, 10) * 1000u;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        perror("socketpair");
        return 1;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        close(sv[0]);
        serve(sv[1], server_spin);
        _exit(0);
    }
    close(sv[1]);
    int fd = sv[0];
    unsigned char req[HDR + REQ_PAYLOAD];
    put32(req, 2); /* XS_READ */
    put32(req + 8, 0);
    put32(req + 12, REQ_PAYLOAD);
    memcpy(req + HDR, "/bench/value", REQ_PAYLOAD);
    unsigned char in[256];
    uint64_t count = 0;
    uint64_t t0 = now_ns();
    uint64_t end = t0 + (uint64_t)(seconds * 1e9);
    uint64_t t;
    do {
        put32(req + 4, (uint32_t)count);
        if (write_all(fd, req, sizeof req) < 0) {
            perror("write");
            return 1;
        }
        size_t got = 0;
        while (got < HDR + REPLY_PAYLOAD) {
            ssize_t n = read_some(fd, in + got, sizeof in - got, client_spin);
            if (n <= 0) {
                fprintf(stderr, "peer server closed the socket\n");
                return 1;
            }
            got += (size_t)n;
        }
        if (get32(in + 4) != (uint32_t)count) {
            fprintf(stderr, "reply out of order\n");
            return 1;
        }
        count++;
        t = now_ns();
    } while (t < end);
    close(fd);
    waitpid(child, NULL, 0);
    printf("rate %.0f\n", count / ((t - t0) / 1e9));
    return 0;
}
