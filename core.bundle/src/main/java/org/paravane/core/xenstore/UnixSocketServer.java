package org.paravane.core.xenstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.paravane.lib.io.OwnerOnlySocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dom0 transport: a unix-domain stream socket speaking the xenstored wire protocol,
 * where Xen's libxenstore connects when {@code XENSTORED_PATH} names it. Every client is dom0
 * (socket access is the privilege: the socket file is 0600 in a 0700 directory).
 *
 * <p>Each client has two threads: a platform reader thread (lowest latency for the
 * request-reply round trip) that answers every request one read() brought in and writes
 * their replies itself, batched in one write, and a platform writer thread for watch events
 * (in two A/B runs at load 10-17 a virtual writer gave a median write-to-event latency of
 * 49-86 us against 31-77 us for a platform one).
 * After a read finds no request the reader keeps retrying for a bounded time
 * ({@value #SPIN_PROPERTY}, default {@value #DEFAULT_SPIN_MICROS} us, 0 = off) before it
 * sleeps, so a ping-pong client's next request usually finds it awake; an idle client costs
 * no CPU once the bound has passed ({@link ClientChannel}, docs/xenstore.md).
 * A client that stops reading blocks only its own threads: its reader waits in write with at
 * most one batch of replies (32 KiB plus one frame) in flight and takes no more requests,
 * and its events queue up to the connection's cap and are then dropped
 * ({@link Connection}). A header announcing more than 4096 payload bytes closes that
 * connection (§8.1).
 */
public final class UnixSocketServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketServer.class);
    private static final int READ_BUFFER = 16 * 1024;
    /** Replies are sent once this many bytes are batched (or the read's requests are done). */
    private static final int REPLY_BATCH = 32 * 1024;
    /** System property: how long a client's reader spins before it sleeps, in microseconds. */
    public static final String SPIN_PROPERTY = "paravane.xenstored.spinMicros";
    /**
     * System property: {@code true} (default) lets a reader spin only while the machine has
     * an idle CPU for its client ({@link SpinPolicy}); {@code false} always spins.
     */
    public static final String ADAPTIVE_PROPERTY = "paravane.xenstored.spinAdaptive";
    /**
     * System property: a CPU list ({@code "0"}, {@code "0-1"}) every client's reader thread is
     * pinned to ({@link ReaderAffinity}); unset, readers run anywhere. Pinned readers do not
     * spin: the client meant to share their CPU would wait for the spin to end.
     */
    public static final String CPUS_PROPERTY = "paravane.xenstored.cpus";
    /** Default spin bound (microseconds). */
    public static final int DEFAULT_SPIN_MICROS = 50;
    /** Largest accepted spin bound (microseconds): beyond it a spinning reader is a busy loop. */
    public static final int MAX_SPIN_MICROS = 10_000;

    private final XenStoreDaemon daemon;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final long spinNanos;
    private final boolean adaptiveSpin;
    private final BitSet readerCpus;
    private final RunnableCount runnable = RunnableCount.of(Path.of("/proc/loadavg"));
    private final Map<ClientChannel, Connection> clients = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean running = true;

    private UnixSocketServer(XenStoreDaemon daemon, Path socketPath, ServerSocketChannel server, long spinNanos,
            boolean adaptiveSpin, BitSet readerCpus) {
        this.daemon = daemon;
        this.readerCpus = readerCpus;
        this.adaptiveSpin = adaptiveSpin;
        this.spinNanos = spinNanos;
        this.socketPath = socketPath;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("xenstored-accept").unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code socketPath} (creating its directory with mode 0700 and replacing a stale
     * socket file) and starts accepting, with the reader spin bound of the system property
     * {@value #SPIN_PROPERTY} (default {@value #DEFAULT_SPIN_MICROS} us) and the reader CPUs
     * of {@value #CPUS_PROPERTY} (which turn the spin off).
     *
     * @throws IllegalArgumentException when the spin is not an integer in 0..{@value #MAX_SPIN_MICROS}
     *     or the CPU list is malformed, naming the property
     */
    public static UnixSocketServer start(XenStoreDaemon daemon, Path socketPath) throws IOException {
        int spin = spinMicros(System.getProperty(SPIN_PROPERTY));
        String cpuList = System.getProperty(CPUS_PROPERTY);
        BitSet cpus = cpuList == null ? null : ReaderAffinity.parse(CPUS_PROPERTY, cpuList);
        return start(daemon, socketPath, cpus == null ? spin : 0, adaptive(System.getProperty(ADAPTIVE_PROPERTY)), cpus);
    }

    /**
     * As {@link #start(XenStoreDaemon, Path)} with an explicit reader spin bound: after a read
     * finds no request, each client's reader retries for up to {@code spinMicros}
     * microseconds before it sleeps (0 = sleep at once: plain blocking reads); with
     * {@code adaptiveSpin} only while no more threads are runnable than there are CPUs.
     * See {@link ClientChannel} and {@link SpinPolicy}.
     */
    public static UnixSocketServer start(XenStoreDaemon daemon, Path socketPath, int spinMicros, boolean adaptiveSpin)
            throws IOException {
        return start(daemon, socketPath, spinMicros, adaptiveSpin, null);
    }

    /**
     * As {@link #start(XenStoreDaemon, Path, int, boolean)}, with every client's reader thread
     * pinned to {@code readerCpus} (null: not pinned). A CPU the kernel refuses is logged and
     * the reader runs unpinned.
     */
    public static UnixSocketServer start(XenStoreDaemon daemon, Path socketPath, int spinMicros, boolean adaptiveSpin,
            BitSet readerCpus) throws IOException {
        if (spinMicros < 0 || spinMicros > MAX_SPIN_MICROS) {
            throw new IllegalArgumentException("xenstored spin bound " + spinMicros + " us is outside 0.." + MAX_SPIN_MICROS);
        }
        ServerSocketChannel ch = OwnerOnlySocket.bind(socketPath);
        UnixSocketServer s = new UnixSocketServer(daemon, socketPath, ch, spinMicros * 1000L, adaptiveSpin,
                readerCpus == null ? null : (BitSet) readerCpus.clone());
        s.acceptor.start();
        LOG.info("xenstored listening on {} (reader spin {} us, {}; readers on CPUs {})", socketPath, spinMicros,
                adaptiveSpin ? "adaptive" : "always", readerCpus == null ? "any" : readerCpus);
        return s;
    }

    /**
     * Parses a spin bound in microseconds; {@code null} or blank gives the default.
     *
     * @throws IllegalArgumentException naming the property and the bad value
     */
    static int spinMicros(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_SPIN_MICROS;
        }
        int v;
        try {
            v = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SPIN_PROPERTY + " is not an integer: '" + value + "'", e);
        }
        if (v < 0 || v > MAX_SPIN_MICROS) {
            throw new IllegalArgumentException(SPIN_PROPERTY + " must be 0.." + MAX_SPIN_MICROS + " microseconds, not " + v);
        }
        return v;
    }

    /**
     * Parses the adaptive-spin switch; {@code null} or blank gives {@code true}.
     *
     * @throws IllegalArgumentException unless the value is true or false
     */
    static boolean adaptive(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(ADAPTIVE_PROPERTY + " must be true or false, not '" + value + "'");
        };
    }

    /** The reader spin bound in microseconds (0 = blocking reads). */
    public int spinMicros() {
        return (int) (spinNanos / 1000);
    }

    /** Over all clients connected now: reads that found their request while spinning. */
    public long spinHits() {
        long n = 0;
        for (ClientChannel c : clients.keySet()) {
            n += c.spinHits();
        }
        return n;
    }

    /** Over all clients connected now: waits the spin policy decided, and how many spun. */
    public long[] spinDecisions() {
        long[] n = new long[2];
        for (ClientChannel c : clients.keySet()) {
            long[] d = c.decisions();
            n[0] += d[0];
            n[1] += d[1];
        }
        return n;
    }

    /** Readers sleeping in their selector now (spin mode; blocking readers are not counted). */
    public int sleepingReaders() {
        int n = 0;
        for (ClientChannel c : clients.keySet()) {
            if (c.asleep()) {
                n++;
            }
        }
        return n;
    }

    /** Over all clients connected now: times a reader slept waiting for a request. */
    public long sleeps() {
        long n = 0;
        for (ClientChannel c : clients.keySet()) {
            n += c.sleeps();
        }
        return n;
    }

    /** The socket file. */
    public Path socketPath() {
        return socketPath;
    }

    /** Number of connected clients. */
    public int clientCount() {
        return clients.size();
    }

    /** Frames queued in the daemon for all socket clients (bounded by the output caps). */
    public int queuedFrames() {
        int n = 0;
        for (Connection c : clients.values()) {
            n += c.queuedFrames();
        }
        return n;
    }

    private void acceptLoop() {
        while (running) {
            try {
                ClientChannel client = accepted(server.accept());
                if (client == null) {
                    continue;
                }
                Connection conn = daemon.connect(0, c -> { });
                clients.put(client, conn);
                ReentrantLock writeLock = new ReentrantLock();
                Thread.ofPlatform().daemon().name("xenstored-read-" + conn.id()).start(() -> readLoop(client, conn, writeLock));
                Thread.ofPlatform().daemon().name("xenstored-write-" + conn.id()).start(() -> writeLoop(client, conn, writeLock));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    LOG.warn("xenstored accept failed", e);
                }
            }
        }
    }

    private ClientChannel accepted(SocketChannel ch) throws IOException {
        try {
            SpinPolicy policy = adaptiveSpin
                ? SpinPolicy.whileCpuIdle(spinNanos, runnable::get, Runtime.getRuntime().availableProcessors())
                : SpinPolicy.fixed(spinNanos);
        return ClientChannel.of(ch, spinNanos, policy);
        } catch (IOException e) {
            LOG.warn("xenstored: cannot set up accepted client: {}", e.getMessage());
            ch.close();
            return null;
        }
    }

    private void readLoop(ClientChannel client, Connection conn, ReentrantLock writeLock) {
        if (readerCpus != null) {
            String refused = ReaderAffinity.pinCurrentThread(readerCpus);
            if (refused != null) {
                LOG.warn("xenstored: reader of {} runs unpinned: {}", conn, refused);
            }
        }
        FrameDecoder decoder = new FrameDecoder();
        // One read() takes whatever the client sent (often a whole request, or several from
        // a pipelining client); the decoder copies each message out before it is checked.
        ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
        // Replies to everything one read() brought in are encoded here and leave in one write.
        ByteBuffer out = ByteBuffer.allocateDirect(REPLY_BATCH + XsMessage.HEADER_SIZE + XsMessage.PAYLOAD_MAX);
        try {
            while (running) {
                in.clear();
                if (client.read(in) < 0) {
                    return;
                }
                in.flip();
                // The write lock is held across the batch so that events the requests cause
                // (a watch's initial fire) leave after their replies. A client that does not
                // read blocks here, in its own thread, with at most one batch of replies in
                // flight (bounded by this buffer), and no further request is read from it.
                writeLock.lock();
                try {
                    answer(client, conn, decoder, in, out);
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (FrameDecoder.ProtocolViolation e) {
            LOG.warn("xenstored: closing {}: {}", conn, e.getMessage());
        } catch (IOException e) {
            LOG.debug("xenstored: {} read ended: {}", conn, e.getMessage());
        } finally {
            drop(client, conn);
        }
    }

    /** Answers every complete request in {@code in}; replies go out in as few writes as fit. */
    private void answer(ClientChannel client, Connection conn, FrameDecoder decoder, ByteBuffer in, ByteBuffer out)
            throws IOException, FrameDecoder.ProtocolViolation {
        try {
            while (in.hasRemaining()) {
                XsMessage m = decoder.feed(in);
                if (m == null) {
                    break;
                }
                XsMessage reply = daemon.call(conn, m);
                if (out.position() > REPLY_BATCH) {
                    writeOut(client, out);
                }
                reply.encodeInto(out);
            }
        } finally {
            // Replies already answered leave even if a later message broke the protocol.
            writeOut(client, out);
        }
    }

    private static void writeOut(ClientChannel client, ByteBuffer out) throws IOException {
        out.flip();
        client.writeFully(out);
        out.clear();
    }

    /** Sends watch events (the only frames queued for socket clients). */
    private void writeLoop(ClientChannel client, Connection conn, ReentrantLock writeLock) {
        try {
            byte[] frame;
            while ((frame = conn.take()) != null) {
                writeLock.lock();
                try {
                    client.writeFully(ByteBuffer.wrap(frame));
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException e) {
            LOG.debug("xenstored: {} write ended: {}", conn, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drop(client, conn);
        }
    }

    private void drop(ClientChannel client, Connection conn) {
        daemon.disconnect(conn);
        clients.remove(client);
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("close of {} failed: {}", conn, e.getMessage());
        }
    }

    /** Stops accepting, closes every client and removes the socket file. */
    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        for (ClientChannel c : clients.keySet()) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("close failed: {}", e.getMessage());
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runnable.close();
        Files.deleteIfExists(socketPath);
        LOG.info("xenstored stopped listening on {}", socketPath);
    }
}
