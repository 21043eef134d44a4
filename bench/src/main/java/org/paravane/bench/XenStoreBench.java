package org.paravane.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.UnixSocketServer;
import org.paravane.core.xenstore.XenStoreDaemon;

/**
 * Issue 5, xenstored throughput and watch latency. Real unix-socket clients speaking the wire
 * protocol against a real {@link XenStoreDaemon} + {@link UnixSocketServer} started in this JVM
 * (or, with {@code --socket PATH}, the running daemon), with 1 and 16 clients (one thread and one
 * connection each), each either ping-pong (one request in flight) or pipelined (a window of
 * requests sent in one write, then their replies read). Operations: READ of a 5-byte value,
 * WRITE of a 5-byte value, DIRECTORY of a node with 10 children, and a transaction
 * (TRANSACTION_START, one WRITE in it, TRANSACTION_END T = one transaction). The guest ring is
 * measured through {@link XsRingPeer}: {@code RingTransport} on an off-heap page driven by a
 * Java peer in the same thread (no real guest, no event-channel hop). Watch latency: one
 * connection watches a node, another writes it; the time from sending the WRITE to receiving
 * the WATCH_EVENT on the watcher's socket.
 *
 *
 * <p>{@code ping} (issue 5's single-client goal): one blocking client doing READ ping-pong,
 * A/B in the same run against xenstored with the reader spin off, always on, and adaptive
 * (the default), next to its peers: the C floor ({@link CPingPeer}: two processes, same message
 * sizes, nothing looked up) and a Java blocking SocketChannel echo ({@link SocketEchoPeer}).
 * Variants run interleaved, {@code --rounds} times each in rotated order; the median is
 * printed with min and max. Spinning-client figures are printed separately and labelled.
 *
 * <pre>./hv bench xenstore [--seconds 3] [--window 32] [--socket PATH] [--only socket|ring|watch|ping]
 *     [--rounds 3] [--spin-micros 50]</pre>
 */
public final class XenStoreBench {

    private static final String[] OPS = {"read", "write", "directory", "transaction"};

    private XenStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 3;
        int window = 32;
        Path external = null;
        String only = null;
        int rounds = 3;
        int spinMicros = UnixSocketServer.DEFAULT_SPIN_MICROS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--socket" -> external = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--spin-micros" -> spinMicros = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: xenstore [--seconds S] [--window N] [--socket PATH] [--only socket|ring|watch|ping]"
                        + " [--rounds N] [--spin-micros N])");
            }
        }
        System.out.printf("load average before: %.2f; %d processors%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        XenStoreDaemon daemon = new XenStoreDaemon(Quotas.defaults());
        try (LocalXenStore dom0 = new LocalXenStore(daemon)) {
            Dom0Layout.populate(dom0);
            Dom0Layout.createDomainHome(dom0, 1, "ringbench");
        }
        Path dir = Files.createTempDirectory("xsbench");
        Path sock = external != null ? external : dir.resolve("socket");
        try (UnixSocketServer server = external != null ? null : UnixSocketServer.start(daemon, sock)) {
            setUpTree(sock);
            // Warm-up, not reported: lets the JIT compile the daemon's and the client's paths.
            socketRate(sock, "read", 1, window, seconds / 2);
            socketRate(sock, "write", 4, 1, seconds / 2);
            ringRate(daemon, "read", 1, seconds / 2);
            ringRate(daemon, "transaction", 16, seconds / 2);
            if (only == null || only.equals("ping")) {
                XsPingPong.run(daemon, dir, external != null ? sock : null, seconds, rounds, spinMicros);
            }
            if (only == null || only.equals("socket")) {
                for (String op : OPS) {
                    for (int clients : new int[] {1, 16}) {
                        for (int w : new int[] {1, window}) {
                            double rate = socketRate(sock, op, clients, w, seconds);
                            System.out.printf("socket %-11s clients %2d %-13s %,10.0f ops/s%n", op, clients,
                                    w == 1 ? "ping-pong" : "pipelined " + w, rate);
                        }
                    }
                }
            }
            if (only == null || only.equals("ring")) {
                for (String op : OPS) {
                    for (int w : new int[] {1, 16}) {
                        double rate = ringRate(daemon, op, w, seconds);
                        System.out.printf("ring   %-11s dom1       %-13s %,10.0f ops/s%n", op,
                                w == 1 ? "ping-pong" : "pipelined " + w, rate);
                    }
                }
            }
            if (only == null || only.equals("watch")) {
                watchLatency(sock, seconds);
                manyWatches(sock, window, seconds);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("socket"));
            for (String f : XsPingPong.FILES) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
        System.out.printf("load average after: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void setUpTree(Path sock) throws IOException {
        try (XsWireClient c = new XsWireClient(sock)) {
            c.call(XsWireClient.WRITE, 0, XsWireClient.cat(XsWireClient.nul("/bench/value"), "hello".getBytes()));
            for (int i = 0; i < 10; i++) {
                c.call(XsWireClient.WRITE, 0, XsWireClient.cat(XsWireClient.nul("/bench/dir/c" + i), "x".getBytes()));
            }
        }
    }

    /** Operations per second summed over {@code clients} connections. */
    static double socketRate(Path sock, String op, int clients, int window, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] counts = new long[clients];
        CyclicBarrier start = new CyclicBarrier(clients + 1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try (XsWireClient c = new XsWireClient(sock)) {
                    byte[] readArg = XsWireClient.nul("/bench/value");
                    byte[] dirArg = XsWireClient.nul("/bench/dir");
                    byte[] writeArg = XsWireClient.cat(XsWireClient.nul("/bench/w/c" + id), "value".getBytes());
                    byte[][] txWrite = new byte[8][];
                    for (int k = 0; k < 8; k++) {
                        txWrite[k] = XsWireClient.cat(XsWireClient.nul("/bench/t/c" + id + "/k" + k), "value".getBytes());
                    }
                    start.await();
                    long n = 0;
                    while (!stop.get()) {
                        switch (op) {
                            case "read" -> batch(c, XsWireClient.READ, readArg, window);
                            case "write" -> batch(c, XsWireClient.WRITE, writeArg, window);
                            case "directory" -> batch(c, XsWireClient.DIRECTORY, dirArg, window);
                            default -> {
                                n += transactions(c, txWrite, window) - window;
                            }
                        }
                        n += window;
                    }
                    counts[id] = n;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }));
        }
        start.await();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
        long t1 = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("socket " + op + " failed", failure.get());
        }
        return Arrays.stream(counts).sum() / ((t1 - t0) / 1e9);
    }

    private static void batch(XsWireClient c, int type, byte[] arg, int window) throws IOException {
        for (int i = 0; i < window; i++) {
            c.queue(type, 0, arg);
        }
        c.send();
        for (int i = 0; i < window; i++) {
            c.expect(type);
        }
    }

    /**
     * {@code window} transactions: the starts pipelined, then each one's write and end
     * pipelined. Returns the number committed: a commit refused with EAGAIN (another client
     * changed a node this one looked at) is not counted, as a real client would retry it.
     */
    private static int transactions(XsWireClient c, byte[][] write, int window) throws IOException {
        int committed = 0;
        int n = Math.min(window, 8);
        for (int done = 0; done < window; done += n) {
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                c.queue(XsWireClient.TRANSACTION_START, 0, new byte[] {0});
            }
            c.send();
            for (int i = 0; i < n; i++) {
                c.expect(XsWireClient.TRANSACTION_START);
                ids[i] = Integer.parseUnsignedInt(c.lastText());
            }
            for (int i = 0; i < n; i++) {
                c.queue(XsWireClient.WRITE, ids[i], write[i]);
                c.queue(XsWireClient.TRANSACTION_END, ids[i], new byte[] {'T', 0});
            }
            c.send();
            for (int i = 0; i < n; i++) {
                c.expect(XsWireClient.WRITE);
                c.take();
                if (c.lastType == XsWireClient.TRANSACTION_END) {
                    committed++;
                } else if (!c.lastText().equals("EAGAIN")) {
                    throw new IOException("transaction end failed: " + c.lastText());
                }
            }
        }
        return committed;
    }

    private static double ringRate(XenStoreDaemon daemon, String op, int window, double seconds) throws IOException {
        try (XsRingPeer g = new XsRingPeer(daemon, 1)) {
            byte[] readArg = XsWireClient.nul("data/value");
            byte[] dirArg = XsWireClient.nul("data/dir");
            byte[] writeArg = XsWireClient.cat(XsWireClient.nul("data/w"), "value".getBytes());
            byte[][] txWrite = new byte[8][];
            for (int k = 0; k < 8; k++) {
                txWrite[k] = XsWireClient.cat(XsWireClient.nul("data/t/k" + k), "value".getBytes());
            }
            g.queue(XsWireClient.WRITE, 0, XsWireClient.cat(XsWireClient.nul("data/value"), "hello".getBytes()));
            for (int i = 0; i < 10; i++) {
                g.queue(XsWireClient.WRITE, 0, XsWireClient.cat(XsWireClient.nul("data/dir/c" + i), "x".getBytes()));
            }
            g.kick();
            for (int i = 0; i < 11; i++) {
                g.expect(XsWireClient.WRITE);
            }
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int k = 0; k < 64; k++) {
                    switch (op) {
                        case "read" -> ringBatch(g, XsWireClient.READ, readArg, window);
                        case "write" -> ringBatch(g, XsWireClient.WRITE, writeArg, window);
                        case "directory" -> ringBatch(g, XsWireClient.DIRECTORY, dirArg, window);
                        default -> ringTransactions(g, txWrite, window);
                    }
                    n += window;
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void ringBatch(XsRingPeer g, int type, byte[] arg, int window) throws IOException {
        for (int i = 0; i < window; i++) {
            g.queue(type, 0, arg);
        }
        g.kick();
        for (int i = 0; i < window; i++) {
            g.expect(type);
        }
    }

    /** A guest's transaction: start, then write and end pipelined (at most 8 open: quota 10). */
    private static void ringTransactions(XsRingPeer g, byte[][] write, int window) throws IOException {
        int n = Math.min(window, 8);
        for (int done = 0; done < window; done += n) {
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                g.queue(XsWireClient.TRANSACTION_START, 0, new byte[] {0});
            }
            g.kick();
            for (int i = 0; i < n; i++) {
                g.expect(XsWireClient.TRANSACTION_START);
                ids[i] = Integer.parseUnsignedInt(g.lastText());
            }
            for (int i = 0; i < n; i++) {
                g.queue(XsWireClient.WRITE, ids[i], write[i]);
                g.queue(XsWireClient.TRANSACTION_END, ids[i], new byte[] {'T', 0});
            }
            g.kick();
            for (int i = 0; i < n; i++) {
                g.expect(XsWireClient.WRITE);
                g.expect(XsWireClient.TRANSACTION_END);
            }
        }
    }

    /**
     * Writes while 2,000 watches on other nodes are registered (as many domains' drivers
     * would): the cost of finding the watches a change fires.
     */
    private static void manyWatches(Path sock, int window, double seconds) throws Exception {
        try (XsWireClient watcher = new XsWireClient(sock)) {
            for (int i = 0; i < 2000; i++) {
                watcher.queue(XsWireClient.WATCH, 0, XsWireClient.nul("/bench/many/d" + i + "/state", "t" + i));
            }
            watcher.send();
            // 2,000 replies and 2,000 initial fires, interleaved as the two threads send them.
            for (int i = 0; i < 4000; i++) {
                watcher.take();
                if (watcher.lastType != XsWireClient.WATCH && watcher.lastType != XsWireClient.WATCH_EVENT) {
                    throw new IOException("WATCH failed: " + watcher.lastText());
                }
            }
            double rate = socketRate(sock, "write", 1, window, seconds);
            System.out.printf("socket write       clients  1 pipelined %-3d with 2,000 other watches %,10.0f ops/s%n",
                    window, rate);
        }
    }

    /** Write → WATCH_EVENT latency between two socket connections. */
    private static void watchLatency(Path sock, double seconds) throws IOException {
        try (XsWireClient watcher = new XsWireClient(sock); XsWireClient writer = new XsWireClient(sock)) {
            watcher.call(XsWireClient.WATCH, 0, XsWireClient.nul("/bench/watched", "tok"));
            watcher.expect(XsWireClient.WATCH_EVENT); // the initial fire (§8.5)
            byte[] write = XsWireClient.cat(XsWireClient.nul("/bench/watched"), "v".getBytes());
            List<Long> samples = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                writer.queue(XsWireClient.WRITE, 0, write);
                writer.send();
                watcher.expect(XsWireClient.WATCH_EVENT);
                long t1 = System.nanoTime();
                writer.expect(XsWireClient.WRITE);
                samples.add(t1 - t0);
            }
            long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("watch  write -> WATCH_EVENT over the socket: %d samples, median %.1f us, p99 %.1f us,"
                    + " min %.1f us%n", s.length, s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3, s[0] / 1e3);
        }
    }
}
