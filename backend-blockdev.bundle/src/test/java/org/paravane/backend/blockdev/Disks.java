package org.paravane.backend.blockdev;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/** Test helpers: opening disks, waiting for stages, patterns, and real tools. */
final class Disks {

    private Disks() {
    }

    static RawBlockDisk open(Path path, boolean readOnly, Map<String, String> options) throws BlockIoException {
        return (RawBlockDisk) new BlockdevBackend().open(new BlockOpenRequest(path.toString(), "raw", readOnly, options));
    }

    static RawBlockDisk open(Path path) throws BlockIoException {
        return open(path, false, Map.of());
    }

    /** Waits for a stage (a generous bound so a hang fails the test instead of the build). */
    static void await(CompletionStage<Void> stage) throws BlockIoException {
        try {
            stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BlockIoException b) {
                throw b;
            }
            throw new AssertionError("stage failed with a non-BlockIoException", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("stage did not complete", e);
        }
    }

    /** {@code n} bytes of a pattern that differs per seed and per offset. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    /** A native buffer holding {@code bytes}, usable from any thread. */
    static MemorySegment segment(byte[] bytes) {
        MemorySegment s = Arena.ofAuto().allocate(bytes.length, RawBlockDisk.DIRECT_ALIGN);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, 0, bytes.length);
        return s;
    }

    static MemorySegment zeroed(int n) {
        return Arena.ofAuto().allocate(n, RawBlockDisk.DIRECT_ALIGN);
    }

    /** Runs a command; returns its stdout, or throws with its output when it fails. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", command) + " exited " + rc + ": " + out.strip());
        }
        return out;
    }

    /** The 512-byte blocks allocated to a file, from coreutils {@code stat -c %b}. */
    static long allocatedBlocks(Path file) throws IOException, InterruptedException {
        return Long.parseLong(run("stat", "-c", "%b", file.toString()).strip());
    }

    /** Whether a live thread has this name (the disks' I/O threads live as long as the disk). */
    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }

    /** An empty (sparse) image file of {@code bytes} named {@code name} in {@code dir}. */
    static Path sparseImage(Path dir, String name, long bytes) throws IOException {
        Path p = dir.resolve(name);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    /**
     * Holds the disk's I/O thread until the returned latch is released, so that requests
     * submitted meanwhile are all queued when it looks at them.
     */
    static java.util.concurrent.CountDownLatch hold(RawBlockDisk disk) {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        disk.submit(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return gate;
    }

    /** Whether no live thread has this name within 10 s (helper pools end their threads after close returns). */
    static boolean threadGone(String name) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (threadAlive(name)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    static List<MemorySegment> pieces(MemorySegment whole, int... sizes) {
        List<MemorySegment> out = new ArrayList<>();
        long off = 0;
        for (int s : sizes) {
            out.add(whole.asSlice(off, s));
            off += s;
        }
        return out;
    }
}
