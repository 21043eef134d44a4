package org.paravane.core.console;

/**
 * A bounded FIFO of bytes. When an append would exceed the limit the oldest bytes are
 * dropped (and counted): a console nobody reads must cost bounded memory and must never
 * hold up the guest, as xenconsoled's buffer limit does (facts §7.3, {@code limit}).
 */
final class ByteQueue {

    private final int limit;
    private byte[] buf = new byte[256];
    private int head;
    private int size;
    private long dropped;

    ByteQueue(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Bytes dropped so far because the queue was full. */
    long dropped() {
        return dropped;
    }

    void append(byte[] data, int off, int len) {
        if (len > limit) { // only the newest `limit` bytes can survive
            dropped += len - limit;
            off += len - limit;
            len = limit;
        }
        int overflow = size + len - limit;
        if (overflow > 0) {
            drop(overflow);
            dropped += overflow;
        }
        ensureCapacity(size + len);
        for (int i = 0; i < len; ) {
            int pos = (head + size) % buf.length;
            int run = Math.min(len - i, buf.length - pos);
            System.arraycopy(data, off + i, buf, pos, run);
            size += run;
            i += run;
        }
    }

    /** Copies up to {@code max} of the oldest bytes into {@code dst} without removing them. */
    int peek(byte[] dst, int max) {
        int n = Math.min(max, size);
        int first = Math.min(n, buf.length - head);
        System.arraycopy(buf, head, dst, 0, first);
        System.arraycopy(buf, 0, dst, first, n - first);
        return n;
    }

    /** Removes the {@code n} oldest bytes. */
    void drop(int n) {
        n = Math.min(n, size);
        head = (head + n) % buf.length;
        size -= n;
        if (size == 0) {
            head = 0;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= buf.length) {
            return;
        }
        int cap = buf.length;
        while (cap < needed) {
            cap = Math.min(Math.max(cap * 2, needed), Math.max(limit, needed));
        }
        byte[] nb = new byte[cap];
        peek(nb, size);
        buf = nb;
        head = 0;
    }
}
