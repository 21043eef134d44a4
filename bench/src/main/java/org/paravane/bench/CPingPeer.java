package org.paravane.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C peer of the xenstored ping-pong figure: {@code bench/src/main/c/xsping-peer.c},
 * compiled with the machine's gcc into {@code bench/target} when the benchmark runs, two
 * processes on a socketpair doing the same request/reply exchange (29-byte request, 21-byte
 * reply) with nothing looked up: the floor of a unix-socket round trip on this machine.
 */
final class CPingPeer {

    private final Path binary;

    private CPingPeer(Path binary) {
        this.binary = binary;
    }

    /** Compiles the peer; returns null (and says why) when that is not possible here. */
    static CPingPeer build(Path root) throws IOException, InterruptedException {
        Path source = root.resolve("bench/src/main/c/xsping-peer.c");
        if (!Files.isRegularFile(source)) {
            System.out.println("C peer: skipped, " + source + " not found (run through ./hv bench)");
            return null;
        }
        Path out = root.resolve("bench/target/xsping-peer");
        Files.createDirectories(out.getParent());
        Process p = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", out.toString(), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.out.println("C peer: skipped, gcc failed: " + log.strip());
            return null;
        }
        return new CPingPeer(out);
    }

    /** Round trips per second for {@code seconds}, with the given spin bounds (0 = block). */
    double rate(double seconds, int serverSpinMicros, int clientSpinMicros) throws IOException, InterruptedException {
        return rate(seconds, serverSpinMicros, clientSpinMicros, null);
    }

    /** As {@link #rate(double, int, int)}, both processes on CPU list {@code cpus} ({@code taskset -c}) unless null. */
    double rate(double seconds, int serverSpinMicros, int clientSpinMicros, String cpus)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(List.of(binary.toString(), Double.toString(seconds),
                Integer.toString(serverSpinMicros), Integer.toString(clientSpinMicros)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor((long) seconds + 30, TimeUnit.SECONDS) || p.exitValue() != 0 || !text.startsWith("rate ")) {
            throw new IOException("C peer failed: " + text);
        }
        return Double.parseDouble(text.substring(5).strip());
    }
}
