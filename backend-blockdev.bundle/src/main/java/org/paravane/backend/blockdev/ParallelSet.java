package org.paravane.backend.blockdev;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches of queued requests that do not overlap each other on the disk, in flight at the
 * same time, one system call each. Each member is a {@link TransferBatch}: a request and the ones
 * queued right behind it that continue it. A single I/O thread serves random requests one at
 * a time however deep the guest's queue is; a device that gains from requests in flight (this
 * machine's virtio disk did 4-5x the random 4 KiB IOPS at depth 16) needs several. This is
 * what the kernel's blk-mq does with the requests of a plugged batch, and what fio's libaio
 * does at an iodepth.
 *
 * <p>The set stays open while it runs: a member leaves when its call has ended, and requests
 * queued meanwhile join, in queue order, as long as they may. The scan stops at the first
 * item that may not join (a flush, a bad request, one that overlaps a member still in flight),
 * and that item waits until the set has ended. No two members in flight touch the same byte,
 * so the order among them cannot show, and a request that overlaps one joins only after it
 * has ended: overlapping writes land in submission order, and a flush still orders every
 * write before it.
 *
 * <p>Pure logic: no threads, no system calls.
 */
final class ParallelSet {

    private final List<TransferBatch> members = new ArrayList<>();
    private final int max;

    /**
     * @param first the batch at the head of the queue
     * @param max   most members (system calls in flight at once)
     */
    ParallelSet(TransferBatch first, int max) {
        this.max = max;
        members.add(first);
    }

    /** Whether {@code next} may start a new member (checked before taking it). */
    boolean accepts(Transfer next) {
        return members.size() < max && next.problem == null && next.kernelUsable && next.bytes > 0 && clear(next);
    }

    /**
     * Whether {@code next} touches no byte of any member. The last member may still grow by
     * requests that continue it; each is checked here first.
     */
    boolean clear(Transfer next) {
        for (TransferBatch b : members) {
            if (next.offset < b.offset() + b.bytes() && b.offset() < next.end()) {
                return false;
            }
        }
        return true;
    }

    /** Removes {@code member}, whose call has ended. */
    void remove(TransferBatch member) {
        if (!members.remove(member)) {
            throw new IllegalArgumentException("not a member: request at byte " + member.offset());
        }
    }

    /** Adds {@code member}, whose first request {@link #accepts} allowed. */
    void add(TransferBatch member) {
        if (!accepts(member.parts().getFirst())) {
            throw new IllegalArgumentException("request at byte " + member.offset() + " may not join the set");
        }
        members.add(member);
    }

    List<TransferBatch> members() {
        return members;
    }
}
