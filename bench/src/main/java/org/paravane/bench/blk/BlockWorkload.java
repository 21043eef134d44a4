package org.paravane.bench.blk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.paravane.api.blk.BlockDisk;
import org.paravane.core.memory.NativePages;

/**
 * An fio-like workload against any {@link BlockDisk}: sequential or random reads or writes
 * of one block size, keeping {@code queueDepth} requests in flight for a fixed time. Each
 * in-flight slot owns one page-aligned native buffer and issues its next request from the
 * completion of the previous one, so the disk always has {@code queueDepth} requests
 * queued. Reusable for any BlockDisk: the raw backend directly, or a dom0 blkfront (local
 * attach) presented as a BlockDisk.
 *
 * <p>Sequential: the slots share one cursor that advances by the block size and wraps at
 * the end of the region (fio's {@code rw=read|write} with several requests in flight).
 * Random: each slot draws block-aligned offsets uniformly over the region (fio's {@code
 * randread|randwrite} with {@code norandommap}).
 */
public final class BlockWorkload {

    /** Read or write. */
    public enum Op { READ, WRITE }

    /**
     * What to run. {@code hugeBuffers}: the slots' buffers lie in transparent huge pages
     * ({@link NativePages#mapHuge}), so each buffer of up to 2 MiB is physically contiguous,
     * as a guest's RAM is when the hypervisor backs it with 2 MiB pages; otherwise they are
     * ordinary native memory whose 4 KiB pages lie wherever the kernel put them.
     */
    public record Spec(Op op, boolean random, int blockBytes, int queueDepth, long regionBytes, long millis,
            boolean hugeBuffers) {
        /** Checks the arguments. */
        public Spec {
            if (blockBytes <= 0 || queueDepth <= 0 || regionBytes < blockBytes || millis <= 0) {
                throw new IllegalArgumentException("bad workload " + blockBytes + " B x" + queueDepth + " over "
                        + regionBytes + " B for " + millis + " ms");
            }
        }

        /** Buffers in ordinary native memory. */
        public Spec(Op op, boolean random, int blockBytes, int queueDepth, long regionBytes, long millis) {
            this(op, random, blockBytes, queueDepth, regionBytes, millis, false);
        }

        /** The same workload with its buffers in huge pages or not. */
        public Spec withHugeBuffers(boolean huge) {
            return new Spec(op, random, blockBytes, queueDepth, regionBytes, millis, huge);
        }

        /** The same workload run for {@code ms} milliseconds. */
        public Spec withMillis(long ms) {
            return new Spec(op, random, blockBytes, queueDepth, regionBytes, ms, hugeBuffers);
        }

        /** fio's name for the pattern. */
        public String fioRw() {
            return (random ? "rand" : "") + (op == Op.READ ? "read" : "write");
        }
    }

    /** What happened: bytes and requests completed over the measured wall time. */
    public record Result(long bytes, long ops, double seconds) {
        /** Megabytes (10^6) per second. */
        public double mbPerSecond() {
            return bytes / seconds / 1e6;
        }

        /** Requests per second. */
        public double iops() {
            return ops / seconds;
        }
    }

    private BlockWorkload() {
    }

    /** Runs {@code spec} against {@code disk} and returns the throughput. */
    public static Result run(BlockDisk disk, Spec spec) throws Exception {
        return run(disk, spec, Long.MAX_VALUE);
    }

    /**
     * Runs {@code spec} until {@code maxOps} requests were issued (or its time is up),
     * like {@code qemu-img bench -c COUNT}; the result counts what completed.
     */
    public static Result run(BlockDisk disk, Spec spec, long maxOps) throws Exception {
        int sector = disk.sectorSize();
        if (spec.blockBytes() % sector != 0) {
            throw new IllegalArgumentException("block size " + spec.blockBytes() + " is not a multiple of " + sector);
        }
        long blocks = Math.min(spec.regionBytes(), disk.sectors() * sector) / spec.blockBytes();
        long perBlock = spec.blockBytes() / sector;
        AtomicLong cursor = new AtomicLong();
        AtomicLong ops = new AtomicLong();
        AtomicLong issued = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch idle = new CountDownLatch(spec.queueDepth());
        try (Arena arena = Arena.ofShared()) {
            // buffers are allocated and filled before the clock starts (as qemu-img bench and fio do)
            MemorySegment[] bufs = new MemorySegment[spec.queueDepth()];
            long slotBytes = (spec.blockBytes() + 4095L) & -4096L;
            MemorySegment huge = spec.hugeBuffers() ? NativePages.mapHuge(arena, slotBytes * bufs.length) : null;
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = huge != null ? huge.asSlice(i * slotBytes, spec.blockBytes())
                        : arena.allocate(spec.blockBytes(), 4096);
                bufs[i].fill((byte) (0x5A + i)); // the first touch, which also makes the huge pages
            }
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(spec.millis());
            for (int i = 0; i < spec.queueDepth(); i++) {
                Slot slot = new Slot(disk, spec, List.of(bufs[i]), new SplittableRandom(1234 + i), blocks, perBlock,
                        cursor, ops, issued, maxOps, failure, idle, deadline);
                slot.next();
            }
            if (!idle.await(Math.min(spec.millis(), 3_600_000L) + 120_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("requests still in flight two minutes after the deadline");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("a request failed: " + failure.get(), failure.get());
            }
            long n = ops.get();
            return new Result(n * spec.blockBytes(), n, seconds);
        }
    }

    /** One in-flight request slot: issues its next request when the previous one completes. */
    private record Slot(BlockDisk disk, Spec spec, List<MemorySegment> buf, SplittableRandom random, long blocks,
            long perBlock, AtomicLong cursor, AtomicLong ops, AtomicLong issued, long maxOps,
            AtomicReference<Throwable> failure,
            CountDownLatch idle, long deadline) {

        void next() {
            if (failure.get() != null || System.nanoTime() >= deadline || issued.getAndIncrement() >= maxOps) {
                idle.countDown();
                return;
            }
            long block = spec.random() ? random.nextLong(blocks) : Math.floorMod(cursor.getAndIncrement(), blocks);
            long sector = block * perBlock;
            var stage = spec.op() == Op.READ ? disk.read(sector, buf) : disk.write(sector, buf);
            stage.whenComplete((v, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    ops.incrementAndGet();
                }
                next();
            });
        }
    }
}
