package org.paravane.backend.vhd;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/**
 * Runs the backend's open / write / read / flush / close path on a private scratch VHD before
 * the backend is offered to blkback, so that the first real {@code open} after a hot-swap
 * finds its classes loaded, linked and (after enough rounds) compiled by the JIT instead of
 * paying for that while a device is suspended (docs/blkif.md, "Hot-swap").
 *
 * <p>The scratch image is a fresh dynamic VHD in the system temporary directory, deleted
 * afterwards; guest images are never touched. Each round verifies what it read back, so a
 * broken build is reported here, before it serves a guest.
 */
public final class VhdWarmup {

    /** Rounds done by the backend component unless configured otherwise. */
    public static final int DEFAULT_ROUNDS = 2000;
    private static final long SCRATCH_BYTES = 4L << 20;
    private static final int IO_BYTES = 4096;
    private static final long WAIT_SECONDS = 30;
    private static final int FLUSH_EVERY = 100;

    private VhdWarmup() {
    }

    /** What a warm-up did. */
    public record Result(int rounds, long nanos) {
    }

    /**
     * Does {@code rounds} rounds of open (read-write), one 4 KiB write at a moving sector,
     * read back and compare, close (a flush every {@value #FLUSH_EVERY} rounds), on a scratch
     * VHD in {@code dir}.
     *
     * @throws BlockIoException if the scratch image cannot be made or a round fails or
     *                          reads back something else than it wrote
     */
    public static Result run(Path dir, int rounds) throws BlockIoException {
        if (rounds < 0) {
            throw new IllegalArgumentException("warm-up rounds must be >= 0, not " + rounds);
        }
        long t0 = System.nanoTime();
        if (rounds == 0) {
            return new Result(0, 0);
        }
        Path scratch;
        try {
            scratch = Files.createTempFile(dir, "paravane-vhd-warmup-", ".vhd");
            Files.delete(scratch); // the creator refuses to overwrite
        } catch (IOException e) {
            throw new BlockIoException(BlockIoException.Kind.IO_ERROR, "warm-up scratch image in " + dir + ": " + e, e);
        }
        // Two readers, not the default 16: the parallel read path is the same code, and every
        // open starts its readers (ReaderPool), which 2,000 rounds would pay 16 times over.
        BlockOpenRequest open = new BlockOpenRequest(scratch.toString(), VhdBackend.FORMAT, false,
                Map.of(VhdBackend.OPTION_READ_THREADS, "2"));
        // The first open takes a spare of its own, so that the spare path (SpareThreads.take
        // and the disk made on taken threads) has run once in this build's classes too: a
        // first run links call sites (lambdas, string concatenation), and that cost 0.5-4.8
        // ms inside the swap's open before (docs/blkif.md "Hot-swap"). No refill comes.
        try (SpareThreads warmSpares = new SpareThreads(2, Duration.ofDays(1)); Arena arena = Arena.ofShared()) {
            warmSpares.prepare();
            VhdBackend backend = new VhdBackend(warmSpares);
            VhdCreator.createDynamic(scratch, SCRATCH_BYTES, Vhd.DEFAULT_BLOCK_SIZE);
            MemorySegment out = arena.allocate(IO_BYTES, 4096);
            MemorySegment in = arena.allocate(IO_BYTES, 4096);
            long slots = SCRATCH_BYTES / IO_BYTES;
            for (int r = 0; r < rounds; r++) {
                // touch a few blocks of the image so both the allocating and the overwrite path run
                long sector = (r * 97L % slots) * (IO_BYTES / Vhd.SECTOR);
                out.fill((byte) (r * 31 + 7));
                try (BlockDisk disk = backend.open(open)) {
                    await(disk.write(sector, List.of(out)), scratch, "write");
                    await(disk.read(sector, List.of(in)), scratch, "read");
                    if (r % FLUSH_EVERY == 0) { // a flush is an fsync: warm its path, not the disk
                        await(disk.flush(), scratch, "flush");
                    }
                }
                if (in.mismatch(out) != -1) {
                    throw new BlockIoException(BlockIoException.Kind.IO_ERROR, "warm-up round " + r + " on " + scratch
                            + ": sector " + sector + " read back differs from what was written");
                }
            }
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                // a leftover scratch file in the temporary directory is harmless
            }
        }
        return new Result(rounds, System.nanoTime() - t0);
    }

    private static void await(CompletionStage<Void> stage, Path scratch, String op) throws BlockIoException {
        try {
            stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockIoException(BlockIoException.Kind.IO_ERROR, "warm-up " + op + " on " + scratch + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (c instanceof BlockIoException b) {
                throw b;
            }
            throw new BlockIoException(BlockIoException.Kind.IO_ERROR, "warm-up " + op + " on " + scratch + ": " + c, c);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BlockIoException(BlockIoException.Kind.IO_ERROR, "warm-up " + op + " on " + scratch
                    + " did not complete in " + WAIT_SECONDS + " s", e);
        }
    }
}
