package org.paravane.core.blkback;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/**
 * A small file-backed block backend for tests: raw files through a FileChannel on one I/O
 * thread per disk, with fault switches (hang, throw) and a gate that holds operations until
 * the test opens it, so requests can be kept in flight deterministically.
 */
final class FileBackend implements BlockBackend {

    volatile boolean hang;
    /** The operations that hung, in order (a test may end them late). */
    final List<CompletableFuture<Void>> hung = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean throwOnWrite;
    final boolean discard;
    final Semaphore gate = new Semaphore(Integer.MAX_VALUE);
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger opened = new AtomicInteger();
    /** Operations run on this backend's disks, in the order they ran (ticks shared by every FileBackend). */
    final List<Ran> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final java.util.concurrent.atomic.AtomicLong TICK = new java.util.concurrent.atomic.AtomicLong();

    /** One operation that ran: its kind ('R', 'W', 'F', 'D'), first sector, and start and end ticks. */
    record Ran(char kind, long sector, long startTick, long endTick) {
    }

    FileBackend(boolean discard) {
        this.discard = discard;
    }

    /** Holds every later operation until {@link #openGate()}. */
    void closeGate() {
        gate.drainPermits();
    }

    void openGate() {
        gate.release(Integer.MAX_VALUE / 2);
    }

    @Override
    public BlockDisk open(BlockOpenRequest r) throws BlockIoException {
        try {
            FileChannel ch = r.readOnly() ? FileChannel.open(Path.of(r.target()), StandardOpenOption.READ)
                    : FileChannel.open(Path.of(r.target()), StandardOpenOption.READ, StandardOpenOption.WRITE);
            opened.incrementAndGet();
            return new Disk(ch, r.readOnly());
        } catch (IOException e) {
            throw new BlockIoException(BlockIoException.Kind.NOT_FOUND, r.target() + ": " + e.getMessage(), e);
        }
    }

    final class Disk implements BlockDisk {
        private final FileChannel ch;
        private final boolean ro;
        private final ExecutorService io = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().factory());

        Disk(FileChannel ch, boolean ro) {
            this.ch = ch;
            this.ro = ro;
        }

        @Override
        public long sectors() {
            try {
                return ch.size() / 512;
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public int sectorSize() {
            return 512;
        }

        @Override
        public boolean readOnly() {
            return ro;
        }

        @Override
        public Set<BlockFeature> features() {
            return discard ? EnumSet.allOf(BlockFeature.class) : EnumSet.of(BlockFeature.FLUSH, BlockFeature.BARRIER);
        }

        interface Op {
            void run() throws IOException;
        }

        private CompletionStage<Void> submit(char kind, long sector, Op op) {
            started.incrementAndGet();
            if (hang) {
                CompletableFuture<Void> never = new CompletableFuture<>(); // unless a test completes it
                hung.add(never);
                return never;
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            try {
                io.execute(() -> {
                    try {
                        gate.acquire();
                        gate.release();
                        long start = TICK.incrementAndGet();
                        op.run();
                        ran.add(new Ran(kind, sector, start, TICK.incrementAndGet()));
                        f.complete(null);
                    } catch (InterruptedException e) {
                        f.completeExceptionally(new BlockIoException(BlockIoException.Kind.CLOSED, "closed"));
                    } catch (IOException e) {
                        f.completeExceptionally(new BlockIoException(BlockIoException.Kind.IO_ERROR, e.toString(), e));
                    }
                });
            } catch (RejectedExecutionException e) {
                f.completeExceptionally(new BlockIoException(BlockIoException.Kind.CLOSED, "closed"));
            }
            return f;
        }

        @Override
        public CompletionStage<Void> read(long sector, List<MemorySegment> buffers) {
            List<MemorySegment> bufs = List.copyOf(buffers);
            return submit('R', sector, () -> {
                long pos = sector * 512;
                for (MemorySegment b : bufs) {
                    var bb = b.asByteBuffer();
                    while (bb.hasRemaining()) {
                        if (ch.read(bb, pos + bb.position()) < 0) {
                            throw new IOException("read past end");
                        }
                    }
                    pos += b.byteSize();
                }
            });
        }

        @Override
        public CompletionStage<Void> write(long sector, List<MemorySegment> buffers) {
            if (throwOnWrite) {
                throw new IllegalStateException("injected backend bug");
            }
            List<MemorySegment> bufs = List.copyOf(buffers);
            return submit('W', sector, () -> {
                long pos = sector * 512;
                for (MemorySegment b : bufs) {
                    var bb = b.asByteBuffer();
                    while (bb.hasRemaining()) {
                        ch.write(bb, pos + bb.position());
                    }
                    pos += b.byteSize();
                }
            });
        }

        @Override
        public CompletionStage<Void> flush() {
            return submit('F', -1, () -> ch.force(false));
        }

        @Override
        public CompletionStage<Void> discard(long sector, long count) {
            if (!discard) {
                return BlockDisk.super.discard(sector, count);
            }
            return submit('D', sector, () -> {
                var zeros = java.nio.ByteBuffer.allocate(64 * 1024);
                long pos = sector * 512;
                long left = count * 512;
                while (left > 0) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                    int n = ch.write(zeros, pos);
                    pos += n;
                    left -= n;
                }
            });
        }

        @Override
        public void close() {
            io.shutdownNow();
            try {
                ch.close();
            } catch (IOException e) {
                // test helper
            }
        }
    }
}
