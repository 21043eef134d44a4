package org.paravane.lib.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An {@code eventfd(2)} counter used as a wake-up bell: any thread {@link #signal}s, one
 * thread sleeps on it (in {@code poll} or {@link #take}). The console daemon's loop and the
 * raw block backend's Linux AIO sets sleep on one each.
 *
 * <p>Why the lock: after {@code close(2)} the descriptor's number can be handed to the next
 * file anyone opens, so a late signal would write 8 bytes into that file. Signals hold the
 * read side while they check {@link #close}'s flag and write; close takes the write side,
 * so it waits out every signal in progress and no signal starts after it.
 */
public final class EventFd implements AutoCloseable {

    private static final int EINTR = 4;

    private final int fd;
    /** Freed by the GC, not by close: a signal or take racing close must not touch freed memory. */
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment one;
    /** Where {@link #take} reads the count (the single taker's). */
    private final MemorySegment count;
    private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
    private boolean closed;

    private EventFd(int fd) {
        this.fd = fd;
        this.one = arena.allocate(8, 8);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        this.count = arena.allocate(8, 8);
    }

    /**
     * A new counter at zero, closed on exec.
     *
     * @param nonBlocking whether {@link #take} returns at once when the count is zero (for a
     *                    taker that sleeps in {@code poll}) instead of blocking
     * @throws IOException naming errno when the kernel gives none (descriptors used up, say)
     */
    public static EventFd open(boolean nonBlocking) throws IOException {
        int flags = FdCalls.EFD_CLOEXEC | (nonBlocking ? FdCalls.EFD_NONBLOCK : 0);
        int fd = FdCalls.eventfd(0, flags);
        if (fd < 0) {
            throw LibcCalls.failure("eventfd", LibcCalls.errno());
        }
        return new EventFd(fd);
    }

    /** The descriptor, for {@code poll} or as an AIO call's {@code aio_resfd}; do not close it. */
    public int fd() {
        return fd;
    }

    /** Adds one to the count (waking the taker); does nothing once closed. */
    public void signal() {
        guard.readLock().lock();
        try {
            if (!closed) {
                FdCalls.write(fd, one, 8); // fails only if the count would pass 2^64 - 2, which it never nears
            }
        } finally {
            guard.readLock().unlock();
        }
    }

    /**
     * Reads and resets the count: blocks until it is above zero unless opened non-blocking,
     * retrying after a signal handler interrupted the read. One thread takes, others signal;
     * the taker stops taking before anyone closes (a closed number may already be another file's).
     *
     * @return the count (at least 1), or -1 with errno ({@link LibcCalls#errno()}): EAGAIN for
     *         a non-blocking counter at zero, EBADF after close
     */
    public long take() {
        while (true) {
            if (FdCalls.read(fd, count, 8) == 8) {
                return count.get(ValueLayout.JAVA_LONG, 0);
            }
            if (LibcCalls.errno() != EINTR) {
                return -1;
            }
        }
    }

    /** Closes the descriptor once no signal is in progress; later signals do nothing. Idempotent. */
    @Override
    public void close() {
        guard.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            FdCalls.close(fd);
        } finally {
            guard.writeLock().unlock();
        }
    }
}
