package org.paravane.backend.vhd;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VHD chain served as a {@link BlockDisk}. Every operation runs on the disk's own single
 * I/O thread, in submission order: the image is confined to that thread (no locking), a
 * flush orders every write before it (so the disk offers {@link BlockFeature#BARRIER}), and
 * an image stuck in the kernel blocks only its own device.
 */
public final class VhdBlockDisk implements BlockDisk {

    private static final Logger LOG = LoggerFactory.getLogger(VhdBlockDisk.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final VhdImage image;
    private final ExecutorService io;
    private volatile boolean closed;

    VhdBlockDisk(VhdImage image) {
        this.image = image;
        this.io = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                .name("vhd-io-" + image.path().getFileName()).factory());
    }

    @Override
    public long sectors() {
        return image.sectors();
    }

    @Override
    public int sectorSize() {
        return Vhd.SECTOR;
    }

    @Override
    public boolean readOnly() {
        return !image.writable();
    }

    @Override
    public Set<BlockFeature> features() {
        return EnumSet.of(BlockFeature.FLUSH, BlockFeature.BARRIER);
    }

    /** The top image of the chain (for tools and tests; confined to the I/O thread while open). */
    public VhdImage image() {
        return image;
    }

    @Override
    public CompletionStage<Void> read(long sector, List<MemorySegment> buffers) {
        List<MemorySegment> bufs = List.copyOf(buffers);
        return submit(() -> {
            long s = sector;
            for (MemorySegment b : bufs) {
                image.read(s, b);
                s += b.byteSize() / Vhd.SECTOR;
            }
        });
    }

    @Override
    public CompletionStage<Void> write(long sector, List<MemorySegment> buffers) {
        List<MemorySegment> bufs = List.copyOf(buffers);
        return submit(() -> {
            long s = sector;
            for (MemorySegment b : bufs) {
                image.write(s, b);
                s += b.byteSize() / Vhd.SECTOR;
            }
        });
    }

    @Override
    public CompletionStage<Void> flush() {
        return submit(image::flush);
    }

    @FunctionalInterface
    interface IoTask {
        void run() throws BlockIoException;
    }

    /** Runs {@code task} on this disk's I/O thread after everything submitted before it. */
    CompletionStage<Void> submit(IoTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        try {
            io.execute(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (BlockIoException e) {
                    done.completeExceptionally(e);
                } catch (WrongThreadException e) {
                    done.completeExceptionally(new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                            image.path() + ": a buffer belongs to a confined arena; the I/O thread cannot use it", e));
                } catch (RuntimeException e) {
                    // A bug or an unexpected state must fail this request, never the thread.
                    LOG.warn("{}: I/O task failed", image.path(), e);
                    done.completeExceptionally(new BlockIoException(BlockIoException.Kind.IO_ERROR,
                            image.path() + ": " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(closedError());
        }
        return done;
    }

    private BlockIoException closedError() {
        return new BlockIoException(BlockIoException.Kind.CLOSED, image.path() + ": disk is closed");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        io.shutdown();
        try {
            if (!io.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{}: I/O still running {} s after close; closing the files anyway", image.path(),
                        CLOSE_WAIT_SECONDS);
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        image.close();
    }
}
