package org.paravane.core.blkwriter;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.paravane.api.blk.BlockDisk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link WriterRecord}s to random 4 KiB slots of a disk, keeping {@code depth}
 * writes in flight, and appends {@code ACK seq sector} to an acknowledgement file after
 * each write completes, until stopped, a write fails, or {@code count} writes are done.
 *
 * <p>Durability of the log: each line is one {@code write(2)} on a file opened with
 * O_APPEND. The kernel keeps it in the page cache once the call returns, so it survives a
 * {@code kill -9} of this process (not a power cut: no fsync, on purpose, so the log does
 * not slow the writes it records). A line is written only after the disk reported the
 * write complete, so every ACK line names a write the disk had acknowledged. The first
 * line is {@code WRITER seed=S sectors=N depth=D} (N in 512-byte sectors).
 */
public final class AckedWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckedWriter.class);

    private final BlockDisk disk;
    private final FileChannel log;
    private final long seed;
    private final int depth;
    private final long count;
    private final long sectors512;
    private final BlockingQueue<MemorySegment> free;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean stop;
    private Thread thread;

    /**
     * @param disk a writable disk whose sector size divides 4096
     * @param ackFile replaced by a new file
     * @param depth writes in flight, 1..64
     * @param count writes to do, 0 for no limit
     */
    public AckedWriter(BlockDisk disk, Path ackFile, long seed, int depth, long count) throws IOException {
        int ss = disk.sectorSize();
        if (ss < WriterRecord.SECTOR_BYTES || WriterRecord.RECORD_BYTES % ss != 0) {
            throw new IllegalArgumentException("sector size " + ss + " does not divide a 4 KiB record");
        }
        if (disk.readOnly()) {
            throw new IllegalArgumentException("the disk is read-only");
        }
        if (depth < 1 || depth > 64) {
            throw new IllegalArgumentException("depth must be 1..64, not " + depth);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, not " + count);
        }
        this.disk = disk;
        this.seed = seed;
        this.depth = depth;
        this.count = count;
        this.sectors512 = disk.sectors() * ss / WriterRecord.SECTOR_BYTES;
        WriterRecord.slot(seed, 0, sectors512); // rejects a disk smaller than one record
        this.free = new ArrayBlockingQueue<>(depth);
        Files.deleteIfExists(ackFile);
        this.log = FileChannel.open(ackFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
        append("WRITER seed=" + seed + " sectors=" + sectors512 + " depth=" + depth + "\n");
    }

    /** Starts the writing thread (named {@code block-writer-<name>}). */
    public synchronized void start(String name) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Thread.ofPlatform().daemon().name("block-writer-" + name).start(this::run);
    }

    /** Completes when the writer stopped: normally (stop or count reached) or with the first failure. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Writes acknowledged so far. */
    public long acknowledged() {
        return acked.get();
    }

    private void run() {
        int ss = disk.sectorSize();
        try (Arena arena = Arena.ofShared()) {
            // One buffer per write in flight; a completion hands its buffer back (completions
            // may come out of order, so a buffer is free only when its own write is answered).
            for (int i = 0; i < depth; i++) {
                free.add(arena.allocate(WriterRecord.RECORD_BYTES, 4096));
            }
            long seq = 0;
            while (!stop && failure.get() == null && (count == 0 || seq < count)) {
                MemorySegment buf = free.take();
                if (stop || failure.get() != null) {
                    free.add(buf);
                    break;
                }
                long first = WriterRecord.slot(seed, seq, sectors512);
                WriterRecord.fill(buf, seed, seq, first);
                long s = seq;
                CompletionStage<Void> w;
                try {
                    w = disk.write(first * WriterRecord.SECTOR_BYTES / ss, List.of(buf));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    free.add(buf);
                    break;
                }
                w.whenComplete((v, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        try {
                            append("ACK " + s + " " + first + "\n");
                            acked.incrementAndGet();
                        } catch (IOException io) {
                            failure.compareAndSet(null, io);
                        }
                    }
                    free.add(buf);
                });
                seq++;
            }
            for (int i = 0; i < depth; i++) {
                free.take(); // every write answered before the arena frees the buffers
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            closeLog();
            Throwable f = failure.get();
            if (f == null) {
                LOG.info("block writer (seed {}) stopped after {} acknowledged writes", seed, acked.get());
                done.complete(null);
            } else {
                LOG.warn("block writer (seed {}) stopped after {} acknowledged writes: {}", seed, acked.get(),
                        f.toString());
                done.completeExceptionally(f);
            }
        }
    }

    private synchronized void append(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            log.write(b);
        }
    }

    private synchronized void closeLog() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("closing the acknowledgement file: {}", e.toString());
        }
    }

    /** Asks the writer to stop; in-flight writes are still answered and logged. */
    @Override
    public void close() {
        stop = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            closeLog();
            done.complete(null);
        }
    }
}
