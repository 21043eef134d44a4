package org.paravane.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.paravane.core.xenstore.Connection;
import org.paravane.core.xenstore.ReaderAffinity;
import org.paravane.core.xenstore.UnixSocketServer;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.paravane.core.xenstore.XsMessage;
import org.paravane.core.xenstore.XsType;

/**
 * Issue 5's single-client goal (one blocking socket client, READ ping-pong) measured A/B in one
 * run next to its peers; see {@link XenStoreBench} for the options. Every variant reads
 * {@code /bench/value} (5 bytes) with one request in flight; a reply of another type fails the
 * run.
 */
final class XsPingPong {

    /** Socket files this driver creates in the benchmark's directory. */
    static final String[] FILES = {"ping-block", "ping-always", "ping-adaptive", "ping-echo"};

    @FunctionalInterface
    private interface Variant {
        double rate(double seconds) throws Exception;
    }

    private XsPingPong() {
    }

    static void run(XenStoreDaemon daemon, Path dir, Path external, double seconds, int rounds, int spinMicros)
            throws Exception {
        Path root = Path.of(System.getProperty("paravane.root", "."));
        CPingPeer c = CPingPeer.build(root);
        List<UnixSocketServer> servers = new ArrayList<>();
        try (SocketEchoPeer echo = new SocketEchoPeer(dir.resolve("ping-echo"))) {
            Map<String, Variant> blocking = new LinkedHashMap<>();
            Map<String, Variant> spinning = new LinkedHashMap<>();
            if (c != null) {
                blocking.put("C peer, both processes block in read (floor)", s -> c.rate(s, 0, 0));
                blocking.put("C peer, server spins " + spinMicros + " us then polls", s -> c.rate(s, spinMicros, 0));
                blocking.put("C peer, both block, both on CPU 0 (taskset -c 0)", s -> c.rate(s, 0, 0, "0"));
                spinning.put("C peer, server and client spin", s -> c.rate(s, spinMicros, spinMicros));
            }
            blocking.put("Java blocking SocketChannel echo (peer)", s -> ping(echo.path(), s, false));
            Path adaptive;
            if (external != null) {
                adaptive = external;
                blocking.put("xenstored at " + external, s -> ping(external, s, false));
            } else {
                UnixSocketServer off = UnixSocketServer.start(daemon, dir.resolve("ping-block"), 0, false);
                servers.add(off);
                UnixSocketServer always = UnixSocketServer.start(daemon, dir.resolve("ping-always"), spinMicros, false);
                servers.add(always);
                UnixSocketServer adapt = UnixSocketServer.start(daemon, dir.resolve("ping-adaptive"), spinMicros, true);
                servers.add(adapt);
                adaptive = adapt.socketPath();
                // paravane.xenstored.cpus=0: readers pinned to CPU 0 (no spin); the client thread
                // is pinned there too, as an operator would start a heavy client with taskset -c 0.
                UnixSocketServer pinned = UnixSocketServer.start(daemon, dir.resolve("ping-pinned"), 0, false,
                        ReaderAffinity.parse("cpus", "0"));
                servers.add(pinned);
                blocking.put("xenstored, reader spin off (blocking read, before)", s -> ping(off.socketPath(), s, false));
                blocking.put("xenstored, reader spins " + spinMicros + " us always", s -> ping(always.socketPath(), s, false));
                blocking.put("xenstored, reader spins " + spinMicros + " us adaptive (default)",
                        s -> ping(adapt.socketPath(), s, false, adapt));
                blocking.put("xenstored, reader and client both on CPU 0 (paravane.xenstored.cpus=0)",
                        s -> pinnedPing(pinned.socketPath(), s));
            }
            spinning.put("xenstored adaptive, SPINNING client", s -> ping(adaptive, s, true));
            // Warm-up (JIT, caches), not reported.
            for (Variant v : blocking.values()) {
                v.rate(Math.min(seconds, 1));
            }
            System.out.printf("ping-pong: 1 client, READ of 5 bytes, %d interleaved rounds of %.1f s; load before %s%n",
                    rounds, seconds, loadavg());
            measuring = true;
            Map<String, double[]> results = measure(blocking, seconds, rounds);
            report(results);
            System.out.printf("spinning client (a busy CPU per client; not libxenstore's behaviour):%n");
            report(measure(spinning, seconds, rounds));
            if (servers.size() >= 3) {
                // The aggregate goal's case, to check the spin's non-blocking path costs it nothing.
                Map<String, Variant> aggregate = new LinkedHashMap<>();
                aggregate.put("xenstored spin off, 16 clients pipelined 32",
                        s -> XenStoreBench.socketRate(servers.get(0).socketPath(), "read", 16, 32, s));
                aggregate.put("xenstored adaptive, 16 clients pipelined 32",
                        s -> XenStoreBench.socketRate(servers.get(2).socketPath(), "read", 16, 32, s));
                System.out.printf("aggregate (16 blocking clients, 32 READs in flight each):%n");
                report(measure(aggregate, seconds, rounds));
            }
            xenstoreRead(adaptive, seconds);
            daemonOnly(daemon, seconds);
            double[] floor = results.get("C peer, both processes block in read (floor)");
            double[] java = results.get("Java blocking SocketChannel echo (peer)");
            for (Map.Entry<String, double[]> e : results.entrySet()) {
                if (e.getKey().startsWith("xenstored")) {
                    System.out.printf("ratio %-55s to C floor %s, to Java echo %.2f%n", e.getKey(),
                            floor == null ? "n/a" : String.format("%.2f", median(e.getValue()) / median(floor)),
                            median(e.getValue()) / median(java));
                }
            }
            if (!servers.isEmpty()) {
                System.out.printf("adaptive server, blocking client (measured rounds): %,d of %,d waits allowed to spin,"
                        + " %,d requests caught spinning, %,d sleeps%n", STATS[1], STATS[0], STATS[2], STATS[3]);
            }
            System.out.printf("ping-pong: load after %s%n", loadavg());
        } finally {
            for (UnixSocketServer s : servers) {
                s.close();
            }
        }
    }

    private static Map<String, double[]> measure(Map<String, Variant> variants, double seconds, int rounds)
            throws Exception {
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, new double[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.size(); k++) {
                String n = names.get((k + r) % names.size()); // rotate so no variant always goes first
                out.get(n)[r] = variants.get(n).rate(seconds);
            }
        }
        return out;
    }

    private static void report(Map<String, double[]> results) {
        for (Map.Entry<String, double[]> e : results.entrySet()) {
            double[] v = e.getValue().clone();
            Arrays.sort(v);
            System.out.printf("  %-58s median %,9.0f reads/s  (min %,9.0f, max %,9.0f)%n", e.getKey(), median(v), v[0],
                    v[v.length - 1]);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Adaptive-spin statistics summed over the measured connections: decided, spun, hits, sleeps. */
    private static final long[] STATS = new long[4];
    private static boolean measuring;

    /** One client, one READ in flight, for {@code seconds}; reads per second. */
    /** A blocking ping-pong from a fresh thread pinned to CPU 0 (the caller's thread stays unpinned). */
    private static double pinnedPing(Path sock, double seconds) throws Exception {
        double[] rate = new double[1];
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofPlatform().name("xsping-pinned-client").start(() -> {
            String refused = ReaderAffinity.pinCurrentThread(ReaderAffinity.parse("cpus", "0"));
            if (refused != null) {
                failure[0] = new IllegalStateException("cannot pin the client: " + refused);
                return;
            }
            try {
                rate[0] = ping(sock, seconds, false);
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return rate[0];
    }

    static double ping(Path sock, double seconds, boolean spin) throws IOException {
        return ping(sock, seconds, spin, null);
    }

    private static double ping(Path sock, double seconds, boolean spin, UnixSocketServer stats) throws IOException {
        try (XsWireClient c = new XsWireClient(sock, spin)) {
            byte[] arg = XsWireClient.nul("/bench/value");
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            long t;
            do {
                for (int i = 0; i < 64; i++) {
                    c.call(XsWireClient.READ, 0, arg);
                }
                n += 64;
                t = System.nanoTime();
            } while (t < end);
            if (stats != null && measuring) {
                long[] d = stats.spinDecisions();
                STATS[0] += d[0];
                STATS[1] += d[1];
                STATS[2] += stats.spinHits();
                STATS[3] += stats.sleeps();
            }
            return n / ((t - t0) / 1e9);
        }
    }

    /** The daemon's own cost of a READ: decode-free, in-process calls, no socket, no thread hop. */
    private static void daemonOnly(XenStoreDaemon daemon, double seconds) {
        Connection conn = daemon.connect(0, x -> { });
        try {
            XsMessage req = XsMessage.strings(XsType.READ, 1, 0, "/bench/value");
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            long t;
            do {
                for (int i = 0; i < 1024; i++) {
                    if (daemon.call(conn, req).type() != XsType.READ.number()) {
                        throw new IllegalStateException("READ failed in-process");
                    }
                }
                n += 1024;
                t = System.nanoTime();
            } while (t < end);
            double rate = n / ((t - t0) / 1e9);
            System.out.printf("daemon only: XenStoreDaemon.call(READ) in-process, one thread: %,.0f reads/s (%.2f us each)%n",
                    rate, 1e6 / rate);
        } finally {
            daemon.disconnect(conn);
        }
    }

    /** Debian's xenstore-read in a loop: one process per read, so it measures process start-up. */
    private static void xenstoreRead(Path sock, double seconds) throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/xenstore-read");
        if (!Files.isExecutable(tool)) {
            System.out.println("xenstore-read loop: skipped (install xenstore-utils)");
            return;
        }
        long n = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            ProcessBuilder pb = new ProcessBuilder(tool.toString(), "/bench/value").redirectErrorStream(true);
            pb.environment().put("XENSTORED_PATH", sock.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.equals("hello")) {
                throw new IOException("xenstore-read failed: " + out);
            }
            n++;
        }
        System.out.printf("Debian xenstore-read loop (one process per read, process-bound): %,.0f reads/s%n",
                n / ((System.nanoTime() - t0) / 1e9));
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
