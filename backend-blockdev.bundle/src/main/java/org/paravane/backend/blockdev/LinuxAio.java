package org.paravane.backend.blockdev;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.paravane.lib.io.EventFd;

/**
 * Linux's native asynchronous I/O ({@code io_setup(2)}, {@code io_submit(2)}, {@code
 * io_getevents(2)}) for a file opened with {@code O_DIRECT}: a parallel set's calls go to the
 * kernel from the disk's I/O thread and come back as events. Without it each call ran on a
 * helper thread blocked in {@code preadv}, and every request paid two thread hand-offs (the
 * helper woken, then the I/O thread): on the 2-CPU machine of docs/benchmarks.md that was 36-39
 * of the 37-44 µs of CPU a random 4 KiB request cost, against 9-13 µs through AIO. This is
 * the interface fio's {@code libaio} engine uses.
 *
 * <p>Ended calls increment an eventfd ({@code IOCB_FLAG_RESFD}), which other threads also
 * {@link #ring} when they queue an item, so the I/O thread sleeps in one place: a {@code
 * read(2)} of the eventfd ({@link #await}). Only with {@code O_DIRECT}: a buffered file's
 * "asynchronous" read runs inside {@code io_submit}. A direct call can still block inside
 * {@code io_submit} where the file system has work to do first: allocating a sparse file's
 * hole, or updating the file's modification time (as with fio's libaio engine and QEMU's
 * {@code aio=native}). {@code RWF_NOWAIT} would turn those into EAGAIN, but on ext4 here it
 * did so for every write whose mtime was due, overwrites included, so it is not used.
 *
 * <p>Layouts and numbers: {@code include/uapi/linux/aio_abi.h} (struct iocb, 64 bytes; struct
 * io_event, 32 bytes, little-endian field order), {@code arch/x86/entry/syscalls/syscall_64.tbl}
 * and {@code include/uapi/asm-generic/unistd.h} (aarch64, riscv64).
 *
 * <p>Threads: everything but {@link #ring} runs on the disk's I/O thread; {@link #close} after
 * that thread has ended.
 */
final class LinuxAio implements Doorbell, AutoCloseable {

    /** iovec entries per call; a member with more pieces runs on a helper instead. */
    static final int IOV_PER_CALL = 256;

    private static final Logger LOG = LoggerFactory.getLogger(LinuxAio.class);

    // struct iocb
    private static final long IOCB_BYTES = 64;
    private static final long IOCB_DATA = 0;
    private static final long IOCB_OPCODE = 16;
    private static final long IOCB_FILDES = 20;
    private static final long IOCB_BUF = 24;
    private static final long IOCB_NBYTES = 32;
    private static final long IOCB_OFFSET = 40;
    private static final long IOCB_FLAGS = 56;
    private static final long IOCB_RESFD = 60;
    private static final short IOCB_CMD_PREADV = 7;
    private static final short IOCB_CMD_PWRITEV = 8;
    private static final int IOCB_FLAG_RESFD = 1;
    // struct io_event
    private static final long EVENT_BYTES = 32;
    private static final long EVENT_DATA = 0;
    private static final long EVENT_RES = 16;

    /** The four system call numbers, by {@code os.arch}; null where not known. */
    private record Numbers(long setup, long destroy, long submit, long getevents) {
    }

    private static final Numbers NR = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
        case "amd64", "x86_64" -> new Numbers(206, 207, 209, 208);
        case "aarch64", "riscv64" -> new Numbers(0, 1, 2, 4);
        default -> null;
    };

    private final int fd;
    private final long context;
    /** Ended calls add to it (IOCB_FLAG_RESFD); so does {@link #ring}. */
    private final EventFd bell;
    private final int calls;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment iocbs;
    /** The iocb pointers handed to io_submit: the calls added since the last submit, in order. */
    private final MemorySegment pending;
    private final MemorySegment iovs;
    private final MemorySegment events;
    /** struct timespec {0, 0}: io_getevents returns at once. */
    private final MemorySegment noWait;
    /** The member each slot carries, or null when the slot is free. */
    private final TransferBatch[] slots;
    private final int[] pendingSlots;
    private int pendingCount;
    private int inFlight;
    private boolean closed;
    private boolean awaitFailed;

    private LinuxAio(int fd, long context, EventFd bell, int calls) {
        this.fd = fd;
        this.context = context;
        this.bell = bell;
        this.calls = calls;
        this.iocbs = arena.allocate(IOCB_BYTES * calls, 64);
        this.pending = arena.allocate(8L * calls, 8);
        this.iovs = arena.allocate(Libc.IOVEC_BYTES * IOV_PER_CALL * calls, 8);
        this.events = arena.allocate(EVENT_BYTES * calls, 8);
        this.noWait = arena.allocate(16, 8);
        this.slots = new TransferBatch[calls];
        this.pendingSlots = new int[calls];
    }

    /**
     * A context for up to {@code calls} calls in flight on {@code file}, or null where Linux
     * AIO cannot be had (another system, {@code fs.aio-max-nr} used up, a file without {@code
     * O_DIRECT}); the reason is logged and the caller uses helper threads instead.
     */
    static LinuxAio open(NativeFile file, int calls) {
        if (!file.direct()) {
            return null;
        }
        if (NR == null) {
            LOG.debug("{}: no Linux AIO on {}; random requests run on helper threads", file.path(),
                    System.getProperty("os.arch"));
            return null;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ctx = a.allocate(ValueLayout.JAVA_LONG); // aio_context_t, zero on entry
            if (Libc.syscall(NR.setup(), calls, ctx.address(), 0, 0, 0) < 0) {
                LOG.info("{}: io_setup({}) failed: {}; random requests run on helper threads", file.path(), calls,
                        Libc.strerror(Libc.errno()));
                return null;
            }
            long context = ctx.get(ValueLayout.JAVA_LONG, 0);
            try {
                return new LinuxAio(file.fd(), context, EventFd.open(false), calls);
            } catch (IOException e) {
                Libc.syscall(NR.destroy(), context, 0, 0, 0, 0);
                LOG.info("{}: {}; random requests run on helper threads", file.path(), e.getMessage());
                return null;
            }
        }
    }

    /**
     * Prepares one {@code preadv}/{@code pwritev} of {@code member} (sent by the next {@link
     * #submit}). False when it cannot go this way: every slot is taken, or it has more than
     * {@value #IOV_PER_CALL} pieces.
     */
    boolean add(TransferBatch member, boolean mergeIovec) {
        if (inFlight + pendingCount >= calls || member.pieces() > IOV_PER_CALL) {
            return false;
        }
        int slot = freeSlot();
        MemorySegment iov = iovs.asSlice(slot * Libc.IOVEC_BYTES * IOV_PER_CALL, Libc.IOVEC_BYTES * IOV_PER_CALL);
        int n = member.fillIov(iov, mergeIovec);
        MemorySegment cb = iocbs.asSlice(slot * IOCB_BYTES, IOCB_BYTES);
        cb.fill((byte) 0);
        cb.set(ValueLayout.JAVA_LONG, IOCB_DATA, slot);
        cb.set(ValueLayout.JAVA_SHORT, IOCB_OPCODE, member.write() ? IOCB_CMD_PWRITEV : IOCB_CMD_PREADV);
        cb.set(ValueLayout.JAVA_INT, IOCB_FILDES, fd);
        cb.set(ValueLayout.JAVA_LONG, IOCB_BUF, iov.address());
        cb.set(ValueLayout.JAVA_LONG, IOCB_NBYTES, n);
        cb.set(ValueLayout.JAVA_LONG, IOCB_OFFSET, member.offset());
        cb.set(ValueLayout.JAVA_INT, IOCB_FLAGS, IOCB_FLAG_RESFD);
        cb.set(ValueLayout.JAVA_INT, IOCB_RESFD, bell.fd());
        slots[slot] = member;
        pending.setAtIndex(ValueLayout.JAVA_LONG, pendingCount, cb.address());
        pendingSlots[pendingCount++] = slot;
        return true;
    }

    private int freeSlot() {
        for (int i = 0; i < calls; i++) {
            if (slots[i] == null) {
                return i;
            }
        }
        throw new IllegalStateException("no free slot with " + inFlight + " calls in flight");
    }

    /**
     * Sends every call added since the last submit, each with its own {@code io_submit}, in
     * order. Returns the members the kernel did not take (an error such as EAGAIN); the
     * caller serves them another way.
     *
     * <p>One call per {@code io_submit}, not all at once: the kernel plugs the requests of one
     * {@code io_submit} and hands them to the device together when it returns. On the virtio
     * disk measured, requests sent in such bursts waited longer at the device and the rate
     * fell: 34,000-37,000 random 4 KiB reads/s at depth 16 against 40,500-44,300 sent one by
     * one, in the same rounds; fio's libaio engine showed the same with {@code
     * iodepth_batch_submit=16} (docs/benchmarks.md, "Random requests through Linux AIO").
     */
    List<TransferBatch> submit() {
        List<TransferBatch> refused = List.of();
        for (int i = 0; i < pendingCount; i++) {
            long k;
            do {
                k = Libc.syscall(NR.submit(), context, 1, pending.address() + 8L * i, 0, 0);
            } while (k < 0 && Libc.errno() == Libc.EINTR);
            int slot = pendingSlots[i];
            if (k == 1) {
                inFlight++;
                continue;
            }
            LOG.debug("io_submit failed: {}; the call goes to a helper", Libc.strerror(Libc.errno()));
            if (refused.isEmpty()) {
                refused = new ArrayList<>();
            }
            refused.add(slots[slot]);
            slots[slot] = null;
        }
        pendingCount = 0;
        return refused;
    }

    /**
     * Hands every call that has ended to {@code ended} with its result (bytes transferred, or
     * a negative errno), without waiting, and returns how many. Each slot is free again before
     * its handler runs; the events array is not touched again until the next reap.
     */
    int reap(ObjLongConsumer<TransferBatch> ended) {
        if (inFlight == 0) {
            return 0;
        }
        long n;
        do {
            n = Libc.syscall(NR.getevents(), context, 0, calls, events.address(), noWait.address());
        } while (n < 0 && Libc.errno() == Libc.EINTR);
        for (int i = 0; i < n; i++) {
            int slot = (int) events.get(ValueLayout.JAVA_LONG, i * EVENT_BYTES + EVENT_DATA);
            TransferBatch member = slots[slot];
            slots[slot] = null;
            inFlight--;
            ended.accept(member, events.get(ValueLayout.JAVA_LONG, i * EVENT_BYTES + EVENT_RES));
        }
        return (int) Math.max(n, 0);
    }

    @Override
    public void ring() {
        bell.signal();
    }

    /**
     * Sleeps in {@code read(2)} of the eventfd until a call ended or a ring. Should the read
     * ever fail otherwise than by a signal, this becomes a 100 µs poll (logged once) rather
     * than leaving calls in flight unwatched.
     */
    @Override
    public void await() {
        if (bell.take() < 0) {
            int e = Libc.errno();
            if (!awaitFailed) {
                awaitFailed = true;
                LOG.warn("read of the AIO eventfd failed: {}; polling instead", Libc.strerror(e));
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Destroys the context and closes the eventfd; called when no call is in flight. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.syscall(NR.destroy(), context, 0, 0, 0, 0);
        bell.close();
        arena.close();
    }
}
