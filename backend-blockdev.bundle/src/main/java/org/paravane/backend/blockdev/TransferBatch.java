package org.paravane.backend.blockdev;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests that are queued back to back on the disk and continue each other on it (same
 * direction, each starting where the one before ends), served by one {@code preadv}/{@code
 * pwritev}. This is what Linux's block layer does to a plugged batch from blkback: a
 * sequential stream of 1 MiB guest requests reaches the file as a few large transfers,
 * which the kernel splits into several device requests in flight at once, instead of one
 * 1 MiB transfer at a time.
 *
 * <p>Only requests already waiting are merged: nothing waits for a request to arrive. The
 * batch is bounded by a byte ceiling and by {@code IOV_MAX} iovec entries. After the call,
 * {@link #coveredBy} says which requests the returned byte count completed entirely; the
 * rest are redone one by one, so a fault in one part fails exactly the requests it covers
 * (errors stay per request, as they do without merging).
 *
 * <p>Pure logic: no threads, no system calls; the iovec array is filled by {@link #fillIov}.
 */
final class TransferBatch {

    private final List<Transfer> parts = new ArrayList<>();
    private final long maxBytes;
    private final int maxPieces;
    private long bytes;
    private int pieces;

    /**
     * @param first     the request at the head of the queue (valid, kernel-usable)
     * @param maxBytes  largest merged transfer; a single request larger than it still runs
     * @param maxPieces iovec entries available ({@code IOV_MAX})
     */
    TransferBatch(Transfer first, long maxBytes, int maxPieces) {
        this.maxBytes = maxBytes;
        this.maxPieces = maxPieces;
        parts.add(first);
        bytes = first.bytes;
        pieces = first.bufs.size();
    }

    /** Whether {@code next} may be served by the same system call (checked before taking it). */
    boolean accepts(Transfer next) {
        Transfer last = parts.getLast();
        return next.problem == null && next.kernelUsable && next.write == last.write
                && next.offset == last.end() && next.bytes > 0
                && bytes + next.bytes <= maxBytes && pieces + next.bufs.size() <= maxPieces;
    }

    /** Adds {@code next}, which {@link #accepts} allowed. */
    void add(Transfer next) {
        if (!accepts(next)) {
            throw new IllegalArgumentException("request at byte " + next.offset + " does not continue the batch");
        }
        parts.add(next);
        bytes += next.bytes;
        pieces += next.bufs.size();
    }

    List<Transfer> parts() {
        return parts;
    }

    boolean write() {
        return parts.getFirst().write;
    }

    long offset() {
        return parts.getFirst().offset;
    }

    long bytes() {
        return bytes;
    }

    /** The parts' pieces: iovec entries needed at most. */
    int pieces() {
        return pieces;
    }

    /**
     * This batch as at most {@code groups} batches of consecutive parts, as even in request
     * count as possible (each then one system call, served at the same time).
     */
    List<TransferBatch> split(int groups) {
        int k = Math.max(1, Math.min(groups, parts.size()));
        List<TransferBatch> out = new ArrayList<>(k);
        int from = 0;
        for (int g = 0; g < k; g++) {
            int to = from + (parts.size() - from) / (k - g);
            TransferBatch b = new TransferBatch(parts.get(from), maxBytes, maxPieces);
            for (int i = from + 1; i < to; i++) {
                b.add(parts.get(i));
            }
            out.add(b);
            from = to;
        }
        return out;
    }

    /**
     * Writes the iovec entries for all parts, in order, into {@code iov} (struct iovec: base,
     * length). With {@code mergeAdjacent}, pieces that follow each other in memory share one
     * entry, across request boundaries too.
     *
     * @return the number of entries written
     */
    int fillIov(MemorySegment iov, boolean mergeAdjacent) {
        int n = 0;
        long start = 0;
        long length = 0;
        for (Transfer t : parts) {
            for (MemorySegment b : t.bufs) {
                if (b.byteSize() == 0) {
                    continue;
                }
                if (mergeAdjacent && length > 0 && start + length == b.address()) {
                    length += b.byteSize();
                    continue;
                }
                if (length > 0) {
                    put(iov, n++, start, length);
                }
                start = b.address();
                length = b.byteSize();
            }
        }
        if (length > 0) {
            put(iov, n++, start, length);
        }
        return n;
    }

    private static void put(MemorySegment iov, int i, long address, long length) {
        iov.setAtIndex(ValueLayout.JAVA_LONG, 2L * i, address);
        iov.setAtIndex(ValueLayout.JAVA_LONG, 2L * i + 1, length);
    }

    /**
     * How many leading parts the first {@code done} bytes completed entirely ({@code done}
     * as returned by the system call; a negative value, an error, completes none).
     */
    int coveredBy(long done) {
        int n = 0;
        long end = 0;
        for (Transfer t : parts) {
            end += t.bytes;
            if (end > done) {
                break;
            }
            n++;
        }
        return n;
    }
}
