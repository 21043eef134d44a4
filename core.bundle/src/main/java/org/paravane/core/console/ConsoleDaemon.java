package org.paravane.core.console;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.paravane.api.evtchn.EventChannelException;
import org.paravane.api.evtchn.EventChannelService;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.abi.HvmParam;
import org.paravane.core.domain.ConsoleLog;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.memory.GuestMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.paravane.lib.io.EventFd;

/**
 * xenconsoled: the dom0 console daemon. For every domain it serves, it keeps a log file
 * ({@code <log>/console-<name>-<domid>.log}) and a PTY; guest output from the console ring
 * and from the hypervisor console (console_io, SBI putchar) goes to both, and what is typed
 * into the PTY goes to the guest's {@code in} ring (or, without a ring, to the hypervisor
 * console's input queue). It writes the console's xenstore keys (facts §7.3).
 *
 * <p>One platform thread ({@code paravane-xenconsoled}) does all the I/O of all consoles,
 * as C xenconsoled's single select loop does: it {@code poll}s every PTY master plus an
 * eventfd that other threads write to wake it (guest events, console_io output, requests).
 * Event handlers and the console_io listener only queue work; they never block. Public
 * methods run their work on the loop and wait for it, so after {@link #close(int)} returns
 * the ring page is never touched again and the PTY and log are closed.
 */
public final class ConsoleDaemon implements ConsoleBackend, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleDaemon.class);
    /** Value of the {@code limit} key (facts §7.3). */
    public static final int LIMIT = 1 << 20;
    private static final int SCRATCH = 4096;
    private static final int CALL_TIMEOUT_SECONDS = 30;

    private final Path logDirectory;
    private final DomainTable domains;
    private final XenStore store;
    private final EventChannelService events;
    private final Map<Integer, GuestConsole> consoles = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Other threads signal it to wake the loop from poll (guest events, console_io output, requests). */
    private final EventFd bell;
    private final Thread loop;
    private volatile boolean stopping;

    /**
     * Starts the daemon's loop thread.
     *
     * @param logDirectory where console logs go (created if missing)
     * @param store        xenstore for the console keys; null: no keys are written
     * @param events       dom0's event channels
     * @throws IOException when the wake-up eventfd cannot be created
     */
    public ConsoleDaemon(Path logDirectory, XenStore store, EventChannelService events) throws IOException {
        this(logDirectory, store, events, null);
    }

    /**
     * As {@link #ConsoleDaemon(Path, XenStore, EventChannelService)}, with the domain table
     * {@link #attach(int)} looks domains up in (null: that method is unavailable).
     */
    public ConsoleDaemon(Path logDirectory, XenStore store, EventChannelService events, DomainTable domains)
            throws IOException {
        this.domains = domains;
        this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
        this.store = store;
        this.events = Objects.requireNonNull(events, "events");
        if (!Pty.supported()) {
            throw new IOException("xenconsoled needs Linux PTYs; os.name is " + System.getProperty("os.name"));
        }
        this.bell = EventFd.open(true);
        this.loop = Thread.ofPlatform().name("paravane-xenconsoled").daemon(true).unstarted(this::run);
        loop.start();
    }

    // ---- public API (any thread) --------------------------------------------------------

    /**
     * Opens the console of a new domain: log file, PTY, {@code console/tty} in xenstore, and
     * the hypervisor console's listener. Output already in {@code hypervisorConsole} is
     * written first.
     *
     * @throws IOException when the log file or the PTY cannot be opened
     */
    public String open(int domid, String name, ConsoleLog hypervisorConsole) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hypervisorConsole, "hypervisorConsole");
        return call(() -> {
            GuestConsole existing = consoles.get(domid);
            if (existing != null) {
                return existing.tty();
            }
            GuestConsole c = new GuestConsole(domid, name, logDirectory, hypervisorConsole, events);
            consoles.put(domid, c);
            byte[] earlier = hypervisorConsole.contents();
            if (earlier.length > 0) {
                c.hypervisorOutput(earlier);
            }
            hypervisorConsole.setListener(bytes -> {
                if (c.hypervisorOutput(bytes)) {
                    schedule(c);
                }
            });
            schedule(c);
            writeKeys(domid, Map.of("tty", c.tty(), "type", "xenconsoled", "output", "pty"));
            LOG.info("domain {} ({}): console on {}, log {}", domid, name, c.tty(), c.logPath());
            return c.tty();
        });
    }

    @Override
    public void attach(int domid, long ringGfn, MemorySegment page, int guestPort) throws IOException {
        Objects.requireNonNull(page, "page");
        ConsoleRing ring = new ConsoleRing(page);
        call(() -> {
            GuestConsole c = consoles.get(domid);
            if (c == null) {
                throw new IOException("domain " + domid + " has no console (it does not exist or is being destroyed)");
            }
            if (c.attached()) {
                if (c.ringGfn() == ringGfn && c.guestPort() == guestPort) {
                    return null;
                }
                closePort(c, c.detachRing());
            }
            int local;
            try {
                local = events.bindInterdomain(domid, guestPort, p -> schedule(c));
            } catch (EventChannelException e) {
                throw new IOException("domain " + domid + ": cannot bind console event channel " + guestPort
                        + " (it must be an unbound port of the guest for domain 0): " + e.getMessage(), e);
            }
            c.attachRing(ring, ringGfn, guestPort, local);
            writeKeys(domid, Map.of("ring-ref", Long.toString(ringGfn), "port", Integer.toString(guestPort),
                    "limit", Integer.toString(LIMIT)));
            schedule(c);
            LOG.info("domain {}: console ring at gfn 0x{} served, guest port {}, dom0 port {}", domid,
                    Long.toHexString(ringGfn), guestPort, local);
            return null;
        });
    }

    @Override
    public void attach(int domid) throws IOException {
        if (domains == null) {
            throw new IOException("this xenconsoled has no domain table: use attach(domid, gfn, page, port)");
        }
        Domain d = domains.domain(domid).orElseThrow(() -> new IOException("no domain " + domid));
        GuestMemory mem = d.memory();
        if (mem == null) {
            throw new IOException("domain " + domid + " has no guest memory (dom0 has no console ring)");
        }
        long pfn = d.hvmParam(HvmParam.CONSOLE_PFN);
        long port = d.hvmParam(HvmParam.CONSOLE_EVTCHN);
        long gpa = pfn << 12;
        if (pfn <= 0 || (gpa >>> 12) != pfn || !mem.isPopulatedRange(gpa, ConsoleRing.PAGE_SIZE)) {
            throw new IOException("domain " + domid + ": HVM param CONSOLE_PFN = 0x" + Long.toHexString(pfn)
                    + " is not a populated RAM frame of the domain");
        }
        if (port <= 0 || port > Integer.MAX_VALUE) {
            throw new IOException("domain " + domid + ": HVM param CONSOLE_EVTCHN = " + port + " is not a port");
        }
        open(domid, d.name(), d.console()); // no-op when open; covers a builder running before our listener
        attach(domid, pfn, mem.ram().asSlice(gpa - mem.ramBase(), ConsoleRing.PAGE_SIZE), (int) port);
    }

    @Override
    public Optional<String> tty(int domid) {
        GuestConsole c = consoles.get(domid);
        return c == null ? Optional.empty() : Optional.of(c.tty());
    }

    /** The log file of a domain's console, if it has one. */
    public Optional<Path> logFile(int domid) {
        GuestConsole c = consoles.get(domid);
        return c == null ? Optional.empty() : Optional.of(c.logPath());
    }

    /** Domain id → PTY path of every console, sorted by domain id. */
    public Map<Integer, String> consoles() {
        Map<Integer, String> m = new TreeMap<>();
        consoles.forEach((d, c) -> m.put(d, c.tty()));
        return m;
    }

    /** Ring faults (invalid indices) seen on a domain's console; -1 without a console. */
    public long faults(int domid) {
        GuestConsole c = consoles.get(domid);
        return c == null ? -1 : c.faults();
    }

    /**
     * Closes a domain's console (domain destroy): the remaining output is copied out, the
     * dom0 port closed, the PTY and the log closed, the xenstore keys removed. The ring page
     * is not touched after this returns. No-op for a domain without a console.
     */
    public void close(int domid) {
        try {
            call(() -> {
                GuestConsole c = consoles.remove(domid);
                if (c != null) {
                    shutDown(c, true);
                }
                return null;
            });
        } catch (IOException e) {
            LOG.warn("domain {}: closing console: {}", domid, e.getMessage());
        }
    }

    /** Closes every console and stops the loop thread. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        for (Integer domid : new ArrayList<>(consoles.keySet())) {
            close(domid);
        }
        stopping = true;
        wake();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bell.close();
    }

    // ---- loop -----------------------------------------------------------------------------

    private void schedule(GuestConsole c) {
        if (c.markScheduled()) {
            tasks.add(() -> {
                if (consoles.get(c.domid) == c && serviceOnLoop(c)) {
                    schedule(c); // budget spent with output left: another round after the others
                }
            });
            wake();
        }
    }

    private byte[] scratch;
    private MemorySegment nativeScratch;

    private boolean serviceOnLoop(GuestConsole c) {
        return c.service(scratch, nativeScratch);
    }

    /** Wakes the loop ({@link EventFd#signal} never writes after close). */
    private void wake() {
        bell.signal();
    }

    private <T> T call(Callable<T> work) throws IOException {
        if (Thread.currentThread() == loop) {
            try {
                return work.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        if (stopping) {
            throw new IOException("xenconsoled is stopped");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        wake();
        try {
            return f.get(CALL_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("xenconsoled did not answer within " + CALL_TIMEOUT_SECONDS + " s (loop stopped?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for xenconsoled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            scratch = new byte[SCRATCH];
            nativeScratch = arena.allocate(SCRATCH);
            MemorySegment fds = arena.allocate(Posix.POLLFD_BYTES * 64, 8);
            List<GuestConsole> polled = new ArrayList<>();
            while (!stopping) {
                runTasks();
                polled.clear();
                polled.addAll(consoles.values());
                long need = Posix.POLLFD_BYTES * (polled.size() + 1);
                if (fds.byteSize() < need) {
                    fds = arena.allocate(need * 2, 8);
                }
                setPollFd(fds, 0, bell.fd(), Posix.POLLIN);
                for (int i = 0; i < polled.size(); i++) {
                    GuestConsole c = polled.get(i);
                    short ev = (short) ((c.wantsInput() ? Posix.POLLIN : 0) | (c.hasPtyOutput() ? Posix.POLLOUT : 0));
                    setPollFd(fds, i + 1, ev == 0 ? -1 : c.masterFd(), ev); // fd -1: poll skips it
                }
                if (!tasks.isEmpty()) {
                    continue; // work arrived while building the set
                }
                int r = Posix.poll(fds, polled.size() + 1, -1);
                if (r < 0) {
                    int e = Posix.errno();
                    if (e != Posix.EINTR) {
                        LOG.error("xenconsoled: poll failed: {}", Posix.strerror(e));
                        Thread.sleep(100); // do not spin on a persistent error
                    }
                    continue;
                }
                if (revents(fds, 0) != 0) {
                    bell.take(); // reset the counter
                }
                for (int i = 0; i < polled.size(); i++) {
                    short rev = revents(fds, i + 1);
                    if (rev == 0) {
                        continue;
                    }
                    GuestConsole c = polled.get(i);
                    if (consoles.get(c.domid) != c) {
                        continue; // closed by a task meanwhile
                    }
                    if ((rev & Posix.POLLOUT) != 0) {
                        c.flushPty(nativeScratch);
                    }
                    if ((rev & Posix.POLLIN) != 0) {
                        c.pumpInput(scratch, nativeScratch);
                    } else if ((rev & (Posix.POLLERR | Posix.POLLHUP | Posix.POLLNVAL)) != 0) {
                        c.ptyFailed(new IOException("poll reported 0x" + Integer.toHexString(rev & 0xFFFF)));
                    }
                }
            }
            runTasks(); // complete requests queued during the stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("xenconsoled loop failed; consoles stop being served", e);
        } finally {
            for (GuestConsole c : consoles.values()) {
                c.close();
            }
        }
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            try {
                t.run();
            } catch (RuntimeException e) {
                LOG.error("xenconsoled task failed", e);
            }
        }
    }

    private static void setPollFd(MemorySegment fds, int i, int fd, short events) {
        long base = i * Posix.POLLFD_BYTES;
        fds.set(ValueLayout.JAVA_INT, base, fd);
        fds.set(ValueLayout.JAVA_SHORT, base + 4, events);
        fds.set(ValueLayout.JAVA_SHORT, base + 6, (short) 0);
    }

    private static short revents(MemorySegment fds, int i) {
        return fds.get(ValueLayout.JAVA_SHORT, i * Posix.POLLFD_BYTES + 6);
    }

    private void shutDown(GuestConsole c, boolean removeKeys) {
        c.service(scratch, nativeScratch); // the last words of a dying guest reach the log
        closePort(c, c.detachRing());
        c.close();
        if (removeKeys && store != null) {
            try {
                store.rm(store.domainPath(c.domid) + "/console");
            } catch (XsException e) {
                LOG.debug("domain {}: removing console keys: {}", c.domid, e.getMessage());
            }
        }
        LOG.info("domain {}: console closed ({} bytes dropped, {} ring faults)", c.domid, c.droppedBytes(), c.faults());
    }

    private void closePort(GuestConsole c, int port) {
        if (port < 0) {
            return;
        }
        try {
            events.close(port);
        } catch (EventChannelException e) {
            LOG.debug("domain {}: closing console port {}: {}", c.domid, port, e.getMessage());
        }
    }

    /**
     * Writes console keys under {@code /local/domain/<domid>/console}, a directory dom0 owns
     * and the guest may read (facts §7.3: read-only to the guest). A xenstore failure is
     * logged: the console itself works without its keys.
     */
    private void writeKeys(int domid, Map<String, String> keys) {
        if (store == null) {
            return;
        }
        String dir = store.domainPath(domid) + "/console";
        try {
            store.inTransaction(5, tx -> {
                tx.mkdir(dir);
                tx.setPerms(dir, new NodePerms(List.of(new Permission(Access.NONE, 0), new Permission(Access.READ, domid))));
                for (Map.Entry<String, String> e : new TreeMap<>(keys).entrySet()) {
                    tx.write(dir + "/" + e.getKey(), e.getValue());
                }
                return null;
            });
        } catch (XsException e) {
            LOG.warn("domain {}: writing console keys under {}: {}", domid, dir, e.getMessage());
        }
    }
}
