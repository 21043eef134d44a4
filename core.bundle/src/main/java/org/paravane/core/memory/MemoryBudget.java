package org.paravane.core.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Host-wide accounting of guest memory, in 4 KiB frames, against a configurable budget.
 * Every populated guest frame of every domain is charged here; {@link #tryCharge} fails
 * instead of over-committing, which the callers turn into -ENOMEM / a clear exception.
 */
public final class MemoryBudget {

    private final long budgetFrames;
    private final AtomicLong chargedFrames = new AtomicLong();

    /** A budget of {@code budgetBytes} (rounded down to whole frames); must be positive. */
    public MemoryBudget(long budgetBytes) {
        if (budgetBytes < GuestMemory.FRAME_SIZE) {
            throw new IllegalArgumentException("memory budget must be at least one 4 KiB frame, was " + budgetBytes);
        }
        this.budgetFrames = budgetBytes / GuestMemory.FRAME_SIZE;
    }

    /** Charges {@code frames}; false (nothing charged) when the budget would be exceeded. */
    public boolean tryCharge(long frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("negative frame count " + frames);
        }
        while (true) {
            long cur = chargedFrames.get();
            if (cur + frames > budgetFrames) {
                return false;
            }
            if (chargedFrames.compareAndSet(cur, cur + frames)) {
                return true;
            }
        }
    }

    /** Returns {@code frames} to the budget. */
    public void release(long frames) {
        long now = chargedFrames.addAndGet(-frames);
        if (now < 0) {
            throw new IllegalStateException("memory budget released more than charged (" + now + " frames)");
        }
    }

    /** Frames currently charged. */
    public long chargedFrames() {
        return chargedFrames.get();
    }

    /** The budget in frames. */
    public long budgetFrames() {
        return budgetFrames;
    }

    /** A human-readable reason for a refused charge of {@code frames}. */
    public String refusal(int domid, long frames) {
        return "host memory budget exhausted: domain " + domid + " asked for " + frames + " frame(s) ("
                + frames * 4 + " KiB), " + chargedFrames() + " of " + budgetFrames + " frames are in use";
    }
}
