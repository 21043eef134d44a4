package org.paravane.core.xenstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One accepted xenstored client socket as its reader and writer threads use it, in one of two
 * modes.
 *
 * <p><b>Blocking</b> ({@code spinNanos == 0}): the channel stays in blocking mode and a read
 * is one {@code read(2)} that sleeps until a request arrives.
 *
 * <p><b>Spin, then block</b> ({@code spinNanos > 0}): the channel is non-blocking; a read that
 * finds nothing retries for up to {@code spinNanos} (when its {@link SpinPolicy} says so)
 * and only then sleeps in a per-connection selector until the socket is readable. Why: a request-reply round trip costs two thread
 * wake-ups, and on a KVM guest whose idle vCPUs halt at once (guest halt-poll 0 ns) each
 * wake-up of a halted vCPU is tens of microseconds. A reader still spinning when the client's
 * next request lands answers it without a wake-up. The bound keeps idle connections free:
 * after {@code spinNanos} without a byte the reader sleeps in {@code epoll_wait} and costs no
 * CPU until the client writes again. Writes that find the socket full wait in a second
 * selector for room (only one thread writes at a time: the server's write lock).
 */
final class ClientChannel implements AutoCloseable {

    private final SocketChannel ch;
    private final long spinNanos;
    private final Selector readable;
    private final Selector writable;
    private final SpinPolicy policy;
    // Written by the reader thread only; volatile so statistics readers see current values.
    private volatile long sleeps;
    private volatile long spinHits;
    private volatile boolean asleep;

    private ClientChannel(SocketChannel ch, long spinNanos, SpinPolicy policy, Selector readable, Selector writable) {
        this.ch = ch;
        this.policy = policy;
        this.spinNanos = spinNanos;
        this.readable = readable;
        this.writable = writable;
    }

    /**
     * Wraps an accepted channel. With {@code spinNanos > 0} the channel is switched to
     * non-blocking mode and registered with two selectors owned by this object.
     */
    static ClientChannel of(SocketChannel ch, long spinNanos, SpinPolicy policy) throws IOException {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos is negative: " + spinNanos);
        }
        if (spinNanos == 0) {
            return new ClientChannel(ch, 0, policy, null, null);
        }
        Selector r = Selector.open();
        Selector w = null;
        try {
            w = Selector.open();
            ch.configureBlocking(false);
            ch.register(r, SelectionKey.OP_READ);
            ch.register(w, SelectionKey.OP_WRITE);
            return new ClientChannel(ch, spinNanos, policy, r, w);
        } catch (IOException | RuntimeException e) {
            r.close();
            if (w != null) {
                w.close();
            }
            throw e;
        }
    }

    /** The spin bound in nanoseconds; 0 means plain blocking reads. */
    long spinNanos() {
        return spinNanos;
    }

    /** How many times the reader found nothing within the spin bound and went to sleep. */
    long sleeps() {
        return sleeps;
    }

    /** Waits the spin policy decided so far, and how many of them spun. */
    long[] decisions() {
        return new long[] {policy.decisions(), policy.spinDecisions()};
    }

    /** True while the reader sleeps in its selector (spin mode only). */
    boolean asleep() {
        return asleep;
    }

    /** How many reads found data while spinning (a wake-up saved). */
    long spinHits() {
        return spinHits;
    }

    /**
     * Reads at least one byte into {@code in}, waiting as the mode says; returns the count,
     * or -1 at end of stream.
     */
    int read(ByteBuffer in) throws IOException {
        if (readable == null) {
            return ch.read(in);
        }
        int n = ch.read(in);
        if (n == 0) {
            long bound = policy.spinBound(System.nanoTime());
            n = bound > 0 ? spinThenSleep(in, bound) : sleepThenRead(in);
        }
        return n;
    }

    private int spinThenSleep(ByteBuffer in, long bound) throws IOException {
        long start = System.nanoTime();
        while (true) {
            int n = ch.read(in);
            if (n != 0) {
                spinHits++; // only the reader thread writes this counter
                return n;
            }
            if (System.nanoTime() - start >= bound) {
                return sleepThenRead(in);
            }
            Thread.onSpinWait();
        }
    }

    private int sleepThenRead(ByteBuffer in) throws IOException {
        while (true) {
            sleeps++;
            asleep = true;
            try {
                awaitReady(readable);
            } finally {
                asleep = false;
            }
            int n = ch.read(in);
            if (n != 0) {
                return n;
            }
            // A spurious wake-up: sleep again.
        }
    }

    /** Writes all of {@code b}; callers serialise writes (one writer at a time). */
    void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.write(b) == 0 && writable != null) {
                // A client that does not read: sleep until its socket has room again.
                awaitReady(writable);
            }
        }
    }

    private static void awaitReady(Selector s) throws IOException {
        try {
            // select(Consumer) leaves the selected-key set empty, so nothing accumulates.
            s.select(k -> { });
        } catch (ClosedSelectorException e) {
            throw new AsynchronousCloseException();
        }
    }

    /** Closes the socket and wakes a reader or writer sleeping in a selector. */
    @Override
    public void close() throws IOException {
        try {
            ch.close();
        } finally {
            if (readable != null) {
                readable.close();
                writable.close();
            }
        }
    }
}
