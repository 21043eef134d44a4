package org.paravane.backend.blockdev;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.List;
import org.paravane.lib.io.HugePages;

/**
 * Physically contiguous staging memory for large {@code O_DIRECT} transfers from scattered
 * pages: a read lands here in one piece and is copied out to the caller's pages; a write is
 * copied in and leaves from here.
 *
 * <p>Why: the kernel makes an {@code O_DIRECT} request from the physical pages of the
 * buffer, one segment per run of contiguous pages, and a device takes at most {@code
 * /sys/block/DEV/queue/max_segments} per request (254 on the virtio disk measured). A guest
 * request lent page by page through the ring is 4 KiB pages scattered in host memory, so a 1
 * MiB transfer was 256 segments and reached the device as two requests. From a 2 MiB huge
 * page it is one segment in one request. On that disk that doubled the sequential read rate,
 * and the copy costs about what pinning 256 small pages did (docs/benchmarks.md, "Staging
 * large transfers"). Memory that is already contiguous is left alone ({@link PageLayout}).
 * The size rule is pure logic ({@link #applies}); the memory comes from {@link HugePages}.
 *
 * <p>Each buffer holds {@link #capacity()} bytes; at most one per system call in flight (the
 * disk's I/O thread and its helpers) and at most {@link #MAX_BUFFERS}, mapped on first use and
 * unmapped with the disk's arena.
 */
final class StagingBuffers {

    /**
     * Default of {@link RawBlockDisk#STAGE_MIN_KIB_PROPERTY}: 256 KiB (64 pages). Smaller
     * transfers reach the device as one request anyway, and the copy would be all that changes.
     */
    static final int DEFAULT_MIN_KIB = 256;

    /** Bytes per staging buffer: 4 MiB, the largest device request here ({@code max_sectors_kb}). */
    static final long CAPACITY = 4L << 20;

    /** Most buffers per disk (16 MiB); a call that finds them all in use is not staged. */
    static final int MAX_BUFFERS = 4;

    private final Arena arena;
    private final long minBytes;
    private final long capacity;
    private final PageLayout layout;
    private final int maxBuffers;
    private final ArrayDeque<MemorySegment> free = new ArrayDeque<>();
    private long mapped;

    /**
     * @param arena      owns the buffers (the disk's; closing it unmaps them)
     * @param minBytes   smallest transfer to stage; 0 or less stages nothing
     * @param capacity   bytes per buffer (whole 4 KiB pages); larger transfers are not staged
     * @param maxBuffers most buffers mapped at once
     * @param layout     tells memory that is already contiguous (not staged)
     */
    StagingBuffers(Arena arena, long minBytes, long capacity, int maxBuffers, PageLayout layout) {
        if (capacity <= 0 || capacity % 4096 != 0) {
            throw new IllegalArgumentException("staging capacity must be whole 4 KiB pages, was " + capacity);
        }
        this.arena = arena;
        this.minBytes = minBytes;
        this.capacity = capacity;
        this.maxBuffers = maxBuffers;
        this.layout = layout;
    }

    /**
     * Whether a transfer of {@code bytes} may go through a staging buffer: only with {@code
     * O_DIRECT} (buffered I/O copies through the page cache anyway), only when staging is on,
     * and only between the threshold and the capacity.
     */
    boolean applies(boolean direct, long bytes) {
        return direct && minBytes > 0 && bytes >= minBytes && bytes <= capacity;
    }

    /**
     * A buffer for {@code parts} (one system call of {@code bytes}), or null when they go to
     * the kernel as they are: staging does not apply ({@link #applies}), their memory is already
     * physically contiguous ({@link PageLayout}; where that cannot be seen, it is staged), or
     * every buffer is in use. Give it back with {@link #release}.
     */
    MemorySegment takeFor(boolean direct, long bytes, List<Transfer> parts) {
        return applies(direct, bytes) && !layout.contiguous(parts) ? take() : null;
    }

    long capacity() {
        return capacity;
    }

    /** Buffers mapped so far (each {@link #capacity()} bytes). */
    synchronized long mapped() {
        return mapped;
    }

    /**
     * A free buffer, mapped on first use; give it back with {@link #release}. Null when all
     * {@code maxBuffers} are in use (parallel calls): that call goes to the kernel unstaged.
     */
    synchronized MemorySegment take() {
        MemorySegment b = free.poll();
        if (b == null) {
            if (mapped >= maxBuffers) {
                return null;
            }
            b = HugePages.map(arena, capacity, null);
            mapped++;
        }
        return b;
    }

    synchronized void release(MemorySegment buffer) {
        free.push(buffer);
    }

    /** Copies the caller's pieces of {@code parts}, in order, into {@code staging} (a write's data). */
    static void gather(List<Transfer> parts, MemorySegment staging) {
        long pos = 0;
        for (Transfer t : parts) {
            for (MemorySegment b : t.bufs) {
                MemorySegment.copy(b, 0, staging, pos, b.byteSize());
                pos += b.byteSize();
            }
        }
    }

    /**
     * Copies the first {@code bytes} of {@code staging} out to the caller's pieces of {@code
     * parts}, in order (a read's data; after a short read, only what arrived).
     */
    static void scatter(MemorySegment staging, List<Transfer> parts, long bytes) {
        long pos = 0;
        for (Transfer t : parts) {
            for (MemorySegment b : t.bufs) {
                long n = Math.min(b.byteSize(), bytes - pos);
                if (n <= 0) {
                    return;
                }
                MemorySegment.copy(staging, pos, b, 0, n);
                pos += n;
            }
        }
    }
}
