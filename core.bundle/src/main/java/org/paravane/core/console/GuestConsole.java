package org.paravane.core.console;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.paravane.api.evtchn.EventChannelException;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.core.domain.ConsoleLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One domain's console inside xenconsoled: the log file, the PTY, the hypervisor console
 * (console_io / SBI putchar output arriving through {@link ConsoleLog}'s listener) and, once
 * attached, the shared ring with its event channel. All I/O methods run on the daemon's
 * loop thread only; {@link #hypervisorOutput} and {@link #markScheduled} are the two
 * entry points other threads use.
 */
final class GuestConsole {

    private static final Logger LOG = LoggerFactory.getLogger(GuestConsole.class);
    /** Bytes kept for the PTY while nobody reads it; the log file gets everything. */
    static final int PTY_BUFFER_LIMIT = 64 * 1024;
    /** console_io output queued between the vCPU thread and the loop, at most. */
    static final int HV_QUEUE_LIMIT = 1 << 20;
    /** Ring bytes taken per service round, so one chatty guest cannot starve the others. */
    static final int SERVICE_BUDGET = 16 * ConsoleRing.OUT_SIZE;
    /** At most one fault line per domain in this many nanoseconds. */
    private static final long FAULT_LOG_INTERVAL = 1_000_000_000L;

    final int domid;
    final String name;
    private final ConsoleLogFile log;
    private final Pty pty;
    private final ConsoleLog hypervisorConsole;
    private final EventChannelService events;
    private final ByteQueue ptyOutput = new ByteQueue(PTY_BUFFER_LIMIT);
    private final ConcurrentLinkedQueue<byte[]> hvQueue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger hvQueued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long hvDropped;

    private ConsoleRing ring;
    private long ringGfn = -1;
    private int guestPort = -1;
    private int localPort = -1;
    private boolean logBroken;
    private boolean ptyBroken;
    private long faults;
    private long lastFaultLog = Long.MIN_VALUE;
    private long suppressedFaults;

    GuestConsole(int domid, String name, Path logDirectory, ConsoleLog hypervisorConsole, EventChannelService events)
            throws IOException {
        this.domid = domid;
        this.name = name;
        this.hypervisorConsole = hypervisorConsole;
        this.events = events;
        this.log = new ConsoleLogFile(logDirectory, name, domid);
        Pty p;
        try {
            p = Pty.open();
        } catch (IOException e) {
            log.close();
            throw e;
        }
        this.pty = p;
    }

    String tty() {
        return pty.slavePath();
    }

    Path logPath() {
        return log.path();
    }

    int masterFd() {
        return pty.masterFd();
    }

    boolean attached() {
        return ring != null;
    }

    long ringGfn() {
        return ringGfn;
    }

    int guestPort() {
        return guestPort;
    }

    int localPort() {
        return localPort;
    }

    /** Ring faults seen (invalid indices). */
    long faults() {
        return faults;
    }

    /** True when the loop must run {@link #service}; false if it was already due. */
    boolean markScheduled() {
        return scheduled.compareAndSet(false, true);
    }

    /**
     * console_io output (vCPU thread): queued for the loop, never blocking the guest. Beyond
     * {@link #HV_QUEUE_LIMIT} queued bytes output is dropped and counted.
     */
    boolean hypervisorOutput(byte[] data) {
        if (hvQueued.addAndGet(data.length) > HV_QUEUE_LIMIT) {
            hvQueued.addAndGet(-data.length);
            hvDropped += data.length;
            return false;
        }
        hvQueue.add(data);
        return true;
    }

    /** Starts serving a ring whose dom0 end is {@code localPort}. */
    void attachRing(ConsoleRing r, long gfn, int guest, int local) {
        this.ring = r;
        this.ringGfn = gfn;
        this.guestPort = guest;
        this.localPort = local;
        r.setConnection(ConsoleRing.CONNECTED);
    }

    /** Stops serving the ring; returns the dom0 port that was bound (or -1). */
    int detachRing() {
        int p = localPort;
        ring = null;
        ringGfn = -1;
        guestPort = -1;
        localPort = -1;
        return p;
    }

    /**
     * Copies pending output (console_io first, then the ring) to the log and the PTY and
     * notifies the guest when ring space was freed.
     *
     * @return true when the ring still had output after the budget was spent (reschedule)
     */
    boolean service(byte[] scratch, MemorySegment nativeScratch) {
        scheduled.set(false); // an event arriving from now on schedules another round
        byte[] chunk;
        while ((chunk = hvQueue.poll()) != null) {
            hvQueued.addAndGet(-chunk.length);
            emit(chunk, chunk.length, nativeScratch);
        }
        if (ring == null) {
            return false;
        }
        int taken = 0;
        boolean consumed = false;
        while (taken < SERVICE_BUDGET) {
            int n = ring.readOutput(scratch, 0, Math.min(scratch.length, SERVICE_BUDGET - taken));
            if (n == ConsoleRing.FAULT) {
                fault("out", ring.lastFaultProd(), ring.lastFaultCons());
                consumed = true; // out_cons moved: the guest may write again
                break;
            }
            if (n == 0) {
                break;
            }
            consumed = true;
            taken += n;
            emit(scratch, n, nativeScratch);
        }
        if (consumed) {
            notifyGuest();
        }
        return taken >= SERVICE_BUDGET && ring.outputAvailable() > 0;
    }

    private void emit(byte[] data, int len, MemorySegment nativeScratch) {
        if (!logBroken) {
            try {
                log.write(data, 0, len);
            } catch (IOException e) {
                logBroken = true;
                LOG.warn("domain {}: console log {} failed, no more console logging for it: {}", domid, log.path(),
                        e.toString());
            }
        }
        if (!ptyBroken) {
            ptyOutput.append(data, 0, len);
            flushPty(nativeScratch);
        }
    }

    /** True when bytes wait for the PTY (the loop then polls for POLLOUT). */
    boolean hasPtyOutput() {
        return !ptyBroken && !ptyOutput.isEmpty();
    }

    /** True when input can be taken from the PTY now (the loop then polls for POLLIN). */
    boolean wantsInput() {
        if (ptyBroken) {
            return false;
        }
        return ring == null || ring.inputSpace() > 0;
    }

    /** Writes queued output to the PTY master as far as it takes it. */
    void flushPty(MemorySegment nativeScratch) {
        int cap = (int) Math.min(nativeScratch.byteSize(), Integer.MAX_VALUE);
        byte[] tmp = new byte[Math.min(cap, ptyOutput.size())];
        while (!ptyOutput.isEmpty() && !ptyBroken) {
            int n = ptyOutput.peek(tmp, tmp.length);
            MemorySegment.copy(tmp, 0, nativeScratch, ValueLayout.JAVA_BYTE, 0, n);
            try {
                int w = pty.write(nativeScratch, n);
                if (w == 0) {
                    return; // the terminal is full: POLLOUT will tell
                }
                ptyOutput.drop(w);
            } catch (IOException e) {
                ptyFailed(e);
            }
        }
    }

    /**
     * Moves what was typed into the PTY to the guest: into the ring's {@code in} buffer (as
     * much as fits) and an event, or, without a ring, into the hypervisor console's input
     * queue (SBI getchar, console_io read).
     */
    void pumpInput(byte[] scratch, MemorySegment nativeScratch) {
        int room = ring == null ? ConsoleLog.INPUT_CAPACITY : ring.inputSpace();
        if (room <= 0 || ptyBroken) {
            return;
        }
        int n;
        try {
            n = pty.read(nativeScratch, Math.min(room, scratch.length));
        } catch (IOException e) {
            ptyFailed(e);
            return;
        }
        if (n <= 0) {
            return;
        }
        MemorySegment.copy(nativeScratch, ValueLayout.JAVA_BYTE, 0, scratch, 0, n);
        if (ring == null) {
            byte[] in = new byte[n];
            System.arraycopy(scratch, 0, in, 0, n);
            hypervisorConsole.offerInput(in);
            return;
        }
        int w = ring.writeInput(scratch, 0, n);
        if (w == ConsoleRing.FAULT) {
            fault("in", ring.lastFaultProd(), ring.lastFaultCons());
            w = ring.writeInput(scratch, 0, n); // resynchronised: the ring is empty now
        }
        if (w > 0) {
            notifyGuest();
        }
    }

    /** A hang-up or error on the master (the loop saw POLLERR/POLLHUP/POLLNVAL without data). */
    void ptyFailed(IOException e) {
        if (!ptyBroken) {
            ptyBroken = true;
            LOG.warn("domain {}: console PTY {} failed; output still goes to {}: {}", domid, pty.slavePath(),
                    log.path(), e.getMessage());
        }
    }

    boolean ptyBroken() {
        return ptyBroken;
    }

    private void notifyGuest() {
        if (localPort < 0) {
            return;
        }
        try {
            events.send(localPort);
        } catch (EventChannelException e) {
            fault("event channel " + localPort + ": " + e.getMessage(), 0, 0);
        }
    }

    /** A guest fault: counted; logged at most once a second per domain with the suppressed count. */
    private void fault(String what, int prod, int cons) {
        faults++;
        long now = System.nanoTime();
        if (lastFaultLog != Long.MIN_VALUE && now - lastFaultLog < FAULT_LOG_INTERVAL) {
            suppressedFaults++;
            return;
        }
        LOG.warn("domain {}: console ring fault ({} prod {} cons {}); ring resynchronised ({} similar suppressed)",
                domid, what, Integer.toUnsignedString(prod), Integer.toUnsignedString(cons), suppressedFaults);
        suppressedFaults = 0;
        lastFaultLog = now;
    }

    /** Bytes dropped: console_io beyond the queue limit, and PTY output nobody read. */
    long droppedBytes() {
        return hvDropped + ptyOutput.dropped();
    }

    /** Closes the PTY (its readers see end of file) and the log file. */
    void close() {
        hypervisorConsole.setListener(null);
        pty.close();
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("domain {}: closing console log {}: {}", domid, log.path(), e.toString());
        }
    }

    boolean isClosed() {
        return pty.isClosed();
    }
}
