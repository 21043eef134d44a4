package org.paravane.core.xenstore;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client of the daemon, whatever its transport: its domain, its open transactions and
 * the queue of frames (replies and watch events) waiting to be sent to it.
 *
 * <p>The queue is bounded so a client that never reads cannot grow the daemon's memory
 * (XSA-326 class): while it holds {@code outstanding} unsent replies or {@code outputBytes}
 * bytes, the transport stops taking requests from that client ({@link #acceptingRequests()}),
 * and watch events beyond {@code pendingEvents} or the byte cap are dropped and counted.
 * Other clients are unaffected.
 */
public final class Connection {

    /** Told when frames are queued, so the transport can wake its writer. */
    @FunctionalInterface
    public interface OutputListener {
        /** Called with no daemon lock held by the queue; must not block. */
        void outputReady(Connection c);
    }

    private record Out(byte[] frame, boolean event) {
    }

    private final int id;
    private final int domid;
    private final Quotas quotas;
    private final OutputListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Out> out = new ArrayDeque<>();
    private int outBytes;
    private int pendingReplies;
    private int pendingEvents;
    private long droppedEvents;
    private boolean closed;

    // Guarded by the daemon's lock.
    final Map<Integer, Transaction> transactions = new HashMap<>();

    Connection(int id, int domid, Quotas quotas, OutputListener listener) {
        this.id = id;
        this.domid = domid;
        this.quotas = quotas;
        this.listener = listener;
    }

    /** Connection number (for logs). */
    public int id() {
        return id;
    }

    /** The client's domain. */
    public int domid() {
        return domid;
    }

    /** Watch events dropped because this client did not read them. */
    public long droppedEvents() {
        lock.lock();
        try {
            return droppedEvents;
        } finally {
            lock.unlock();
        }
    }

    /** Frames waiting to be sent. */
    public int queuedFrames() {
        lock.lock();
        try {
            return out.size();
        } finally {
            lock.unlock();
        }
    }

    /** True while the client has room for more replies; otherwise stop reading its requests. */
    public boolean acceptingRequests() {
        lock.lock();
        try {
            return !closed && withinReplyLimits();
        } finally {
            lock.unlock();
        }
    }

    private boolean withinReplyLimits() {
        return !Quotas.over(pendingReplies + 1L, quotas.outstanding())
                && !Quotas.over(outBytes + 1L, quotas.outputBytes());
    }

    /**
     * Waits until the connection accepts requests again, is closed, or the timeout passes.
     * Returns true if requests may be taken.
     */
    public boolean awaitAcceptingRequests(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!closed && !withinReplyLimits()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a reply. Replies are never dropped: their number is bounded by back-pressure. */
    void queueReply(XsMessage reply) {
        queue(new Out(reply.encode(), false));
    }

    /** Queues a watch event unless the client is over its caps; returns false if dropped. */
    boolean queueEvent(XsMessage event) {
        byte[] f = event.encode();
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (Quotas.over(pendingEvents + 1L, quotas.pendingEvents())
                    || Quotas.over((long) outBytes + f.length, quotas.outputBytes())) {
                droppedEvents++;
                return false;
            }
        } finally {
            lock.unlock();
        }
        queue(new Out(f, true));
        return true;
    }

    private void queue(Out o) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            out.addLast(o);
            outBytes += o.frame.length;
            if (o.event) {
                pendingEvents++;
            } else {
                pendingReplies++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            listener.outputReady(this);
        } catch (RuntimeException e) {
            // A transport's wake-up failing must not fail the request that queued the frame.
            markClosed();
        }
    }

    /** Takes the next frame without waiting, or null. */
    public byte[] poll() {
        lock.lock();
        try {
            return take0();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the next frame, waiting for one; null once the connection is closed. */
    public byte[] take() throws InterruptedException {
        lock.lock();
        try {
            while (out.isEmpty() && !closed) {
                changed.await();
            }
            return closed ? null : take0();
        } finally {
            lock.unlock();
        }
    }

    private byte[] take0() {
        Out o = out.pollFirst();
        if (o == null) {
            return null;
        }
        outBytes -= o.frame.length;
        if (o.event) {
            pendingEvents--;
        } else {
            pendingReplies--;
        }
        changed.signalAll();
        return o.frame;
    }

    /** Empties the output queue (ring reconnect, §8.8). */
    void clearOutput() {
        lock.lock();
        try {
            out.clear();
            outBytes = 0;
            pendingEvents = 0;
            pendingReplies = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the connection closed, drops queued output and wakes waiters. */
    void markClosed() {
        lock.lock();
        try {
            closed = true;
            out.clear();
            outBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once the daemon closed or dropped this connection. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " (dom" + domid + ")";
    }
}
