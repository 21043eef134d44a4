package org.paravane.api.blk;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open disk. I/O is asynchronous: each call returns at once and the stage completes
 * (normally, or exceptionally with a {@link BlockIoException}) on a thread the disk owns, so
 * a slow or stuck image delays only its own device.
 *
 * <p>Scatter/gather: {@code buffers} are consecutive pieces of one transfer starting at
 * {@code sector}; every buffer's size must be a multiple of {@link #sectorSize()}. The
 * buffers must stay valid until the stage completes (typically granted guest pages) and be
 * usable from another thread (global, shared or automatic arenas; not a confined arena).
 *
 * <p>New operations are added as default methods so existing backends keep working.
 */
@ConsumerType
public interface BlockDisk extends AutoCloseable {

    /** The size of the disk in sectors of {@link #sectorSize()} bytes. */
    long sectors();

    /** The sector size in bytes (512 for every image format Paravane serves today). */
    int sectorSize();

    /** Whether writes, flushes and discards are refused. */
    boolean readOnly();

    /** The optional capabilities of this disk. */
    Set<BlockFeature> features();

    /** Reads consecutive sectors from {@code sector} into {@code buffers}, in order. */
    CompletionStage<Void> read(long sector, List<MemorySegment> buffers);

    /** Writes {@code buffers}, in order, to consecutive sectors from {@code sector}. */
    CompletionStage<Void> write(long sector, List<MemorySegment> buffers);

    /** Makes every write completed before this call durable. */
    CompletionStage<Void> flush();

    /**
     * Releases {@code count} sectors from {@code sector}. Disks without {@link
     * BlockFeature#DISCARD} complete the stage with {@link BlockIoException.Kind#UNSUPPORTED}.
     */
    default CompletionStage<Void> discard(long sector, long count) {
        return CompletableFuture.failedFuture(new BlockIoException(
                BlockIoException.Kind.UNSUPPORTED, "discard is not supported by this disk"));
    }

    /**
     * Closes the disk: waits for queued operations, releases files and the executor.
     * Operations submitted afterwards fail with {@link BlockIoException.Kind#CLOSED}.
     */
    @Override
    void close();
}
