package org.paravane.core.hv;

import java.lang.foreign.ValueLayout;
import java.util.UUID;
import org.paravane.core.memory.GuestMemory;
import org.paravane.core.memory.MemoryBudget;

/**
 * One-time JVM work that the first domain of a process would otherwise pay inside its
 * create call (docs/benchmarks.md, "Create call → first console byte", cold run): the
 * {@code SecureRandom} behind {@link UUID#randomUUID()}, which gives every domain its
 * handle (security providers, seeding), and the Foreign Function &amp; Memory downcall
 * stubs behind guest RAM ({@code mmap}, {@code madvise}, {@code munmap} of
 * {@link org.paravane.core.memory.NativePages}), plus the classes of both paths.
 *
 * <p>It touches no domain and no shared state: the memory is a private two-frame
 * {@link GuestMemory} on its own budget, mapped, written, one frame released (the
 * balloon path) and closed again. The daemon runs it on a background thread once it is
 * ready, so neither its start nor a guest's create call waits for it.
 */
public final class CoreWarmUp {

    /** The label of the warm-up's private memory; never a real domain (ids stop at 0x7FEF). */
    static final int WARM_UP_DOMID = 0x7FFF;
    private static final long FRAMES = 2;

    /**
     * What the warm-up did.
     *
     * @param rngNanos    the first domain handle drawn
     * @param memoryNanos mapping, touching, ballooning and unmapping the private memory
     * @param handle      the handle drawn (a random UUID, version 4)
     * @param mappedBytes bytes of guest RAM mapped and unmapped again
     */
    public record Result(long rngNanos, long memoryNanos, UUID handle, long mappedBytes) {
    }

    private CoreWarmUp() {
    }

    /** Runs the warm-up once; safe to call any number of times, from any thread. */
    public static Result run() {
        long t0 = System.nanoTime();
        UUID handle = UUID.randomUUID(); // what DomainTable draws for a domain without a uuid
        long t1 = System.nanoTime();
        long bytes;
        MemoryBudget budget = new MemoryBudget(FRAMES * GuestMemory.FRAME_SIZE);
        try (GuestMemory memory = new GuestMemory(WARM_UP_DOMID, budget, FRAMES, FRAMES)) {
            memory.ram().set(ValueLayout.JAVA_LONG, 0, t1);
            memory.ram().set(ValueLayout.JAVA_LONG, GuestMemory.FRAME_SIZE, t1);
            int rc = memory.release(memory.firstRamGfn() + 1);
            if (rc != 0) {
                throw new IllegalStateException("warm-up balloon release failed: " + rc);
            }
            bytes = memory.ram().byteSize();
        }
        long t2 = System.nanoTime();
        return new Result(t1 - t0, t2 - t1, handle, bytes);
    }
}
