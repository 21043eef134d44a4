package org.paravane.backend.blockdev;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.paravane.api.blk.BlockIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system calls that move a raw disk's bytes: one request ({@link #transfer}), or one
 * group of requests that continue each other on the disk with one {@code preadv}/{@code
 * pwritev} ({@link #serve}), and what follows a call that fell short or failed. A group's
 * requests that the call covered entirely succeed; each of the others is redone on its own
 * so that it gets its own status, exactly as if it had never been merged.
 *
 * <p>Where the bytes go: straight between the caller's segments and the kernel; through a
 * huge-page staging buffer for large {@code O_DIRECT} transfers ({@link StagingBuffers});
 * through an aligned bounce buffer for pieces the kernel cannot take as they are (heap
 * segments, or unaligned ones with {@code O_DIRECT}).
 *
 * <p>Threads: {@link RawBlockDisk}'s I/O thread and its helpers. Each caller passes its own
 * iovec scratch. The bounce buffer is the I/O thread's alone: helpers only serve groups, whose
 * requests the kernel can always take as they are.
 */
final class FileTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(FileTransfers.class);
    /** Bounce buffer ceiling; larger transfers are done in pieces of this size. */
    private static final long BOUNCE_MAX = 1 << 20;

    private final NativeFile file;
    private final StagingBuffers staging;
    private final boolean mergeIovec;
    private final Arena arena;
    /** The bounce buffer, grown on demand up to {@link #BOUNCE_MAX} (I/O thread only). */
    private MemorySegment bounce;
    /** System calls served through a staging buffer (tests read it). */
    private final LongAdder stagedCalls = new LongAdder();

    /**
     * @param mergeIovec whether pieces adjacent in memory become one iovec entry
     * @param arena      where the bounce buffer is allocated; the disk closes it
     */
    FileTransfers(NativeFile file, StagingBuffers staging, boolean mergeIovec, Arena arena) {
        this.file = file;
        this.staging = staging;
        this.mergeIovec = mergeIovec;
        this.arena = arena;
    }

    /** System calls served through a staging buffer so far. */
    long stagedCalls() {
        return stagedCalls.sum();
    }

    /** Writes zeros over a range (discard where the file cannot punch a hole); I/O thread only. */
    void writeZeros(long offset, long length) throws ErrnoException {
        MemorySegment zeros = bounce(Math.min(length, BOUNCE_MAX));
        zeros.fill((byte) 0);
        for (long done = 0; done < length; ) {
            long n = Math.min(zeros.byteSize(), length - done);
            writeFully(zeros.asSlice(0, n), offset + done);
            done += n;
        }
    }

    /** Moves one request's pieces to or from the disk (the request is valid), with {@code iov} as scratch. */
    void transfer(Transfer t, MemorySegment iov) throws BlockIoException {
        try {
            if (t.kernelUsable) {
                vectored(t, iov);
            } else {
                bounced(t.write, t.bufs, t.offset);
            }
        } catch (ErrnoException e) {
            throw new BlockIoException(BlockIoException.Kind.IO_ERROR, e.getMessage(), e);
        }
    }

    /** One preadv/pwritev over all pieces; a short transfer is finished piece by piece. */
    private void vectored(Transfer t, MemorySegment iov) throws ErrnoException, BlockIoException {
        boolean write = t.write;
        long offset = t.offset;
        long total = t.bytes;
        List<MemorySegment> bufs = t.bufs;
        long done;
        List<Transfer> alone = List.of(t);
        MemorySegment stagingBuffer = staging.takeFor(file.direct(), total, alone);
        if (stagingBuffer != null) {
            done = staged(stagingBuffer, alone, write, offset, total);
        } else if (bufs.size() == 1) {
            done = write ? file.pwrite(bufs.getFirst(), offset) : file.pread(bufs.getFirst(), offset);
        } else {
            // Pieces that follow each other in memory (the pages of one caller buffer lent page
            // by page through the ring) become one iovec entry: a 1 MiB request is then usually
            // one entry instead of 256, which the kernel walks once.
            int n = new TransferBatch(t, Long.MAX_VALUE, Libc.IOV_MAX).fillIov(iov, mergeIovec);
            done = write ? file.pwritev(iov, n, offset) : file.preadv(iov, n, offset);
        }
        if (done == total) {
            return;
        }
        // Short transfer (a signal, or the file shrank under us): finish each piece in turn.
        long pos = 0;
        for (MemorySegment b : bufs) {
            long end = pos + b.byteSize();
            if (end > done) {
                long skip = Math.max(0, done - pos);
                MemorySegment rest = b.asSlice(skip);
                if (write) {
                    writeFully(rest, offset + pos + skip);
                } else {
                    readFully(rest, offset + pos + skip);
                }
            }
            pos = end;
        }
    }

    /**
     * One pread/pwrite of {@code parts} (consecutive on the disk) through {@code buffer},
     * taken from {@link #staging} and given back here. Returns the bytes transferred, as the
     * system call does; after a short read, what did arrive is already in the caller's pieces.
     */
    private long staged(MemorySegment buffer, List<Transfer> parts, boolean write, long offset, long bytes)
            throws ErrnoException {
        try {
            MemorySegment s = buffer.asSlice(0, bytes);
            long done;
            if (write) {
                StagingBuffers.gather(parts, s);
                done = file.pwrite(s, offset);
            } else {
                done = file.pread(s, offset);
                StagingBuffers.scatter(s, parts, done);
            }
            stagedCalls.increment();
            return done;
        } finally {
            staging.release(buffer);
        }
    }

    /** Through the aligned bounce buffer, at most {@link #BOUNCE_MAX} bytes per system call. */
    private void bounced(boolean write, List<MemorySegment> bufs, long offset) throws ErrnoException, BlockIoException {
        long pos = offset;
        for (MemorySegment b : bufs) {
            for (long done = 0; done < b.byteSize(); ) {
                long n = Math.min(BOUNCE_MAX, b.byteSize() - done);
                MemorySegment tmp = bounce(n).asSlice(0, n);
                if (write) {
                    MemorySegment.copy(b, done, tmp, 0, n);
                    writeFully(tmp, pos);
                } else {
                    readFully(tmp, pos);
                    MemorySegment.copy(tmp, 0, b, done, n);
                }
                done += n;
                pos += n;
            }
        }
    }

    private MemorySegment bounce(long atLeast) {
        if (bounce == null || bounce.byteSize() < atLeast) {
            long size = Math.max(atLeast, 64 * 1024);
            bounce = arena.allocate(size, RawBlockDisk.DIRECT_ALIGN);
        }
        return bounce;
    }

    private void readFully(MemorySegment buf, long offset) throws ErrnoException, BlockIoException {
        for (long done = 0; done < buf.byteSize(); ) {
            long n = file.pread(buf.asSlice(done), offset + done);
            if (n == 0) {
                throw new BlockIoException(BlockIoException.Kind.IO_ERROR, file.path() + ": end of file at byte "
                        + (offset + done) + " inside the disk (was the image truncated?)");
            }
            done += n;
        }
    }

    private void writeFully(MemorySegment buf, long offset) throws ErrnoException {
        for (long done = 0; done < buf.byteSize(); ) {
            done += file.pwrite(buf.asSlice(done), offset + done);
        }
    }

    /** Runs one request's transfer with {@code scratch}; its failed future, or null on success. */
    private CompletableFuture<Void> alone(Transfer t, MemorySegment scratch) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        run(() -> transfer(t, scratch), f);
        return f.isCompletedExceptionally() ? f : null;
    }

    /**
     * {@link #serve}, where an {@link Error} (out of memory, a class that failed to load) fails
     * every request of {@code group} instead of leaving them to look successful.
     */
    void serveOrFail(TransferBatch group, MemorySegment scratch, CompletableFuture<?>[] failed, int first) {
        try {
            serve(group, scratch, failed, first);
        } catch (Error e) {
            LOG.error("{}: {} of {} requests failed", file.path(), group.write() ? "write" : "read",
                    group.parts().size(), e);
            BlockIoException error = new BlockIoException(BlockIoException.Kind.IO_ERROR, file.path() + ": " + e, e);
            for (int i = 0; i < group.parts().size(); i++) {
                failed[first + i] = CompletableFuture.failedFuture(error);
            }
        }
    }

    /**
     * One preadv/pwritev for {@code group} (any thread). The requests the returned count
     * covers entirely succeed; every other one (after an error or a short transfer) is redone
     * on its own, so it gets its own status, exactly as without merging; its failure is left
     * in {@code failed[first + i]}.
     */
    private void serve(TransferBatch group, MemorySegment scratch, CompletableFuture<?>[] failed, int first) {
        long done;
        try {
            MemorySegment stagingBuffer = staging.takeFor(file.direct(), group.bytes(), group.parts());
            if (stagingBuffer != null) {
                done = staged(stagingBuffer, group.parts(), group.write(), group.offset(), group.bytes());
            } else {
                int n = group.fillIov(scratch, mergeIovec);
                done = group.write() ? file.pwritev(scratch, n, group.offset())
                        : file.preadv(scratch, n, group.offset());
            }
        } catch (ErrnoException e) {
            LOG.debug("{}: merged {} of {} requests failed ({}); redoing them one by one", file.path(),
                    group.write() ? "write" : "read", group.parts().size(), e.getMessage());
            done = -1;
        } catch (RuntimeException e) {
            LOG.warn("{}: merged transfer failed; redoing its requests one by one", file.path(), e);
            done = -1;
        }
        redoUncovered(group, done, scratch, failed, first);
    }

    /**
     * After one call for {@code group} returned {@code done} (bytes, or negative after an
     * error): redoes every request it did not cover entirely on its own, leaving each one's
     * failure in {@code failed[first + i]}.
     */
    void redoUncovered(TransferBatch group, long done, MemorySegment scratch, CompletableFuture<?>[] failed,
            int first) {
        List<Transfer> parts = group.parts();
        for (int i = group.coveredBy(done); i < parts.size(); i++) {
            failed[first + i] = alone(parts.get(i), scratch);
        }
    }

    /**
     * Runs {@code task} and completes {@code done} with how it ended: every failure becomes a
     * {@link BlockIoException} status of that one request, never an exception on this thread.
     */
    void run(RawBlockDisk.IoTask task, CompletableFuture<Void> done) {
        try {
            task.run();
            done.complete(null);
        } catch (BlockIoException e) {
            done.completeExceptionally(e);
        } catch (ErrnoException e) {
            done.completeExceptionally(new BlockIoException(BlockIoException.Kind.IO_ERROR, e.getMessage(), e));
        } catch (WrongThreadException e) {
            done.completeExceptionally(new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    file.path() + ": a buffer belongs to a confined arena; the I/O thread cannot use it", e));
        } catch (RuntimeException e) {
            // A bug or an unexpected state fails this request, never the thread.
            LOG.warn("{}: I/O task failed", file.path(), e);
            done.completeExceptionally(new BlockIoException(BlockIoException.Kind.IO_ERROR,
                    file.path() + ": " + e, e));
        }
    }
}
