package org.paravane.backend.blockdev;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One read or write waiting for the disk's I/O thread: where it goes, the caller's pieces,
 * and the future the caller holds. The pieces are checked once, when the request is made
 * ({@link #problem} names what is wrong, or is null), so the I/O thread can decide cheaply
 * whether the request may join a merged system call.
 */
final class Transfer {

    final boolean write;
    /** First byte on the disk. */
    final long offset;
    final List<MemorySegment> bufs;
    /** Sum of the pieces' sizes. */
    final long bytes;
    /** Whether every piece can be handed to the kernel as it is (native, aligned for O_DIRECT). */
    final boolean kernelUsable;
    /** Why the request cannot run (bad size, read into read-only memory), or null. */
    final String problem;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Transfer(boolean write, long offset, List<MemorySegment> bufs, long bytes, boolean kernelUsable, String problem) {
        this.write = write;
        this.offset = offset;
        this.bufs = bufs;
        this.bytes = bytes;
        this.kernelUsable = kernelUsable;
        this.problem = problem;
    }

    /** The byte after the last one this request covers. */
    long end() {
        return offset + bytes;
    }
}
