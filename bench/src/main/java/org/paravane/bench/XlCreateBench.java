package org.paravane.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.paravane.api.domain.DomainConfig;
import org.paravane.core.builder.BootInfo;
import org.paravane.core.builder.DomainBuilder;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;

/**
 * {@code hv xl create -c} to the guest's first console byte (issue 7's goal: under 300 ms
 * including the client's start). Starts one daemon on a fresh state directory, then, N
 * times each, times from starting a process to the first byte on its stdout:
 * <ol>
 * <li>{@code ./hv --state S xl create -c hello.cfg} (what a user types: script + client JVM + daemon)</li>
 * <li>{@code java -jar cli.jar xl --socket S/control.sock create -c hello.cfg} (the client JVM
 * with the flags hv gives it, without the script)</li>
 * <li>the client JVM's floor: the same java with the same flags running an empty main</li>
 * <li>in process, no JVM start and no daemons: build and unpause hello on a hypervisor in
 * this JVM until its first console_io byte</li>
 * </ol>
 * Usage: {@code hv bench xlcreate [--runs N]} (default 15).
 */
public final class XlCreateBench {

    private XlCreateBench() {
    }

    /** An empty program: the client JVM's start and exit. */
    public static final class Noop {
        public static void main(String[] args) {
            // intentionally empty
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: --runs N");
            }
        }
        Path root = Guests.root();
        Path hv = root.resolve("hv");
        Path cliJar = root.resolve("cli/target/cli-1.0.0-SNAPSHOT.jar");
        Path cfg = root.resolve("toolstack-xend.bundle/src/main/resources/examples/hello.cfg");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> clientFlags = List.of("-XX:SharedArchiveFile=" + root.resolve("cli/target/cli.jsa"),
                "-XX:+AutoCreateSharedArchive", "-XX:TieredStopAtLevel=1", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        Path state = Files.createTempDirectory("paravane-xlbench");
        System.out.printf(Locale.ROOT, "xl create -c to first console byte, %d runs each; host %d CPUs, load %s%n",
                runs, Runtime.getRuntime().availableProcessors(), loadAverage());
        run(List.of(hv.toString(), "--state", state.toString(), "start"), root, true);
        try {
            // warm-up: the CDS archive is written on the client's first run. The first one is
            // also the fresh daemon's first guest, created right after its ready line (while
            // its core and engine warm-ups may still be running): printed, not in the statistics.
            for (int i = 0; i < 2; i++) {
                long ms = firstByteMillis(List.of(hv.toString(), "--state", state.toString(), "xl", "create", "-c",
                        cfg.toString(), "name=warm" + i), root);
                System.out.printf(Locale.ROOT, "warm-up %d%s: hv xl create -c %4d ms%n", i + 1,
                        i == 0 ? " (the daemon's first guest, right after start)" : "", ms);
            }
            long[] script = new long[runs];
            long[] client = new long[runs];
            long[] floor = new long[runs];
            long[] inProcess = new long[runs];
            String noopCp = Path.of(XlCreateBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            for (int r = 0; r < runs; r++) {
                script[r] = firstByteMillis(List.of(hv.toString(), "--state", state.toString(), "xl", "create", "-c",
                        cfg.toString(), "name=s" + r), root);
                List<String> c = new ArrayList<>(List.of(java));
                c.addAll(clientFlags);
                c.addAll(List.of("-jar", cliJar.toString(), "xl", "--socket", state.resolve("control.sock").toString(),
                        "create", "-c", cfg.toString(), "name=c" + r));
                client[r] = firstByteMillis(c, root);
                List<String> n = new ArrayList<>(List.of(java));
                n.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", noopCp, Noop.class.getName()));
                floor[r] = exitMillis(n, root);
                System.out.printf(Locale.ROOT, "run %2d: hv xl create -c %4d ms, client jar %4d ms, JVM floor %4d ms%n",
                        r + 1, script[r], client[r], floor[r]);
            }
            try (Hypervisor h = Guests.hypervisor(256L << 20, 1)) {
                for (int r = 0; r < runs + 2; r++) {
                    long ms = inProcessMillis(h, "inproc" + r);
                    if (r >= 2) {
                        inProcess[r - 2] = ms;
                    }
                }
            }
            System.out.println(summary("hv xl create -c (script + client + daemon)", script));
            System.out.println(summary("java -jar cli.jar xl create -c (client + daemon)", client));
            System.out.println(summary("client JVM floor (empty main)", floor));
            System.out.println(summary("in-process build + unpause to first byte", inProcess));
        } finally {
            run(List.of(hv.toString(), "--state", state.toString(), "stop"), root, false);
            try (var walk = Files.walk(state)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Starts {@code cmd} and returns the milliseconds until the first byte on its stdout; waits for its exit. */
    private static long firstByteMillis(List<String> cmd, Path cwd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        InputStream out = p.getInputStream();
        int b = out.read();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String rest = new String(out.readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || b < 0) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + String.join(" ", cmd) + "' failed: " + (char) b + rest);
        }
        if (!((char) b + rest).startsWith("Hello from Paravane guest")) {
            throw new IllegalStateException("the first console output was not the greeting: " + (char) b + rest);
        }
        return ms;
    }

    private static long exitMillis(List<String> cmd, Path cwd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(cmd, cwd, true);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static void run(List<String> cmd, Path cwd, boolean mustSucceed) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + String.join(" ", cmd) + "' did not finish");
        }
        if (mustSucceed && p.exitValue() != 0) {
            throw new IllegalStateException("'" + String.join(" ", cmd) + "' exited " + p.exitValue());
        }
    }

    /** Build (paused), hook the console, unpause, until the first console_io byte; the image is read each time. */
    private static long inProcessMillis(Hypervisor h, String name) throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        long t0 = System.nanoTime();
        byte[] image = Guests.image("hello");
        BootInfo info = new DomainBuilder(h.domains(), h.events()).create(DomainConfig.of(name, 16 * 1024, 1),
                "hello.elf", image, "hello");
        Domain d = h.domains().require(info.domid());
        d.console().setListener(bytes -> first.countDown());
        h.domains().unpause(info.domid());
        if (!first.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no console output from " + name);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        h.domains().destroy(d.domid());
        return ms;
    }

    private static String summary(String what, long[] ms) {
        long[] s = ms.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%-50s median %4d ms, p90 %4d ms, min %4d ms, max %4d ms", what,
                s[s.length / 2], s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.9) - 1)], s[0],
                s[s.length - 1]);
    }
}
