package org.paravane.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * Issue 4 driver: guest/images/cpubench.elf on Paravane (builder, credit scheduler, RISC-V
 * engine; a fresh hypervisor per run, one JVM for all runs) and on QEMU TCG through
 * guest/qemu-cpubench.sh (OpenSBI fw_jump.bin, default 10,000,000 iterations because QEMU
 * gives the kernel no command line). Paravane runs at the same default and at a larger N.
 * Checksums must agree for equal N; the median MIPS of each and the ratios are printed.
 *
 * <p>Translations are shared JVM-wide (docs/engine-riscv.md, "Shared translations"), so each
 * run measures N = 10 M twice: <em>cold</em>, after {@link RiscvEngine#dropSharedTranslations()}
 * (the guest's code is translated and compiled by HotSpot during the run, as for a first
 * guest), then <em>warm</em> (a second guest running the same code reuses those translations).
 * The large-N run follows the warm one. QEMU starts a new process each run, so it is cold.
 *
 * <pre>./hv bench cpubench [--runs 5] [--iterations 100000000]</pre>
 */
public final class CpubenchBench {

    private static final long DEFAULT_N = 10_000_000L;
    private static final Pattern LINE = Pattern.compile(
            "cpubench: (\\d+) iterations, \\d+ instructions, \\d+ ticks at \\d+ Hz, (\\d+) us, (\\d+) MIPS"
            + " \\(check (0x[0-9a-f]+)\\)");

    private record Result(long iterations, long micros, long mips, String check) {
    }

    private CpubenchBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        long big = 100_000_000L;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--iterations" -> big = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: cpubench [--runs N] [--iterations N])");
            }
        }
        List<Long> qemu = new ArrayList<>();
        List<Long> pvCold = new ArrayList<>();
        List<Long> pvWarm = new ArrayList<>();
        List<Long> pvBig = new ArrayList<>();
        String qemuCheck = null;
        String bigCheck = null;
        for (int r = 1; r <= runs; r++) {
            Result q = qemu();
            RiscvEngine.dropSharedTranslations();
            Result c = paravane(DEFAULT_N);
            Result w = paravane(DEFAULT_N);
            Result b = paravane(big);
            requireSame("QEMU run " + r, qemuCheck, q.check());
            requireSame("Paravane N=" + DEFAULT_N + " cold run " + r + " vs QEMU", q.check(), c.check());
            requireSame("Paravane N=" + DEFAULT_N + " warm run " + r + " vs QEMU", q.check(), w.check());
            requireSame("Paravane N=" + big + " run " + r, bigCheck, b.check());
            qemuCheck = q.check();
            bigCheck = b.check();
            qemu.add(q.mips());
            pvCold.add(c.mips());
            pvWarm.add(w.mips());
            pvBig.add(b.mips());
            System.out.printf("run %d: QEMU %d MIPS (%d us); Paravane N=%d cold %d MIPS (%d us), warm %d MIPS (%d us);"
                    + " Paravane N=%d %d MIPS (%d us); checks %s / %s%n", r, q.mips(), q.micros(), DEFAULT_N,
                    c.mips(), c.micros(), w.mips(), w.micros(), big, b.mips(), b.micros(), q.check(), b.check());
        }
        long mq = median(qemu);
        long mc = median(pvCold);
        long mw = median(pvWarm);
        long mb = median(pvBig);
        System.out.printf("median of %d: QEMU TCG %d MIPS (N=%d); Paravane N=%d cold %d MIPS, ratio %.2f;"
                + " warm %d MIPS, ratio %.2f; Paravane %d MIPS (N=%d), ratio to QEMU's N=%d figure %.2f%n", runs, mq,
                DEFAULT_N, DEFAULT_N, mc, (double) mc / mq, mw, (double) mw / mq, mb, big, DEFAULT_N, (double) mb / mq);
        System.out.printf("checksums: N=%d %s on both; N=%d %s%n", DEFAULT_N, qemuCheck, big, bigCheck);
    }

    private static void requireSame(String what, String expected, String actual) {
        if (expected != null && !expected.equals(actual)) {
            throw new IllegalStateException(what + ": checksum " + actual + " differs from " + expected);
        }
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static Result parse(String who, String out) {
        Matcher m = LINE.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException(who + " printed no cpubench line:\n" + out);
        }
        return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                m.group(4));
    }

    private static Result qemu() throws Exception {
        Process p = new ProcessBuilder(Guests.root().resolve("guest/qemu-cpubench.sh").toString(),
                Guests.root().resolve("guest/images/cpubench.elf").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!p.waitFor(150, TimeUnit.SECONDS) || p.exitValue() == 2) {
            throw new IllegalStateException("QEMU run failed (needs qemu-system-misc and opensbi):\n" + out);
        }
        Result r = parse("QEMU", out);
        if (r.iterations() != DEFAULT_N) {
            throw new IllegalStateException("QEMU ran " + r.iterations() + " iterations, expected " + DEFAULT_N);
        }
        return r;
    }

    private static Result paravane(long n) {
        try (Hypervisor hv = Guests.hypervisor(64L << 20, 1)) {
            Domain d = Guests.boot(hv, "cpubench", "cpubench", 4096, "cpubench " + n);
            if (!Guests.await(() -> d.state() == DomainState.SHUTDOWN, 600_000)) {
                throw new IllegalStateException("cpubench " + n + " did not finish in 600 s");
            }
            String out = Guests.console(d);
            if (d.shutdownReason() != ShutdownReason.POWEROFF) {
                throw new IllegalStateException("cpubench ended with " + d.shutdownReason() + ":\n" + out);
            }
            Result r = parse("Paravane", out);
            if (r.iterations() != n) {
                throw new IllegalStateException("Paravane ran " + r.iterations() + " iterations, expected " + n);
            }
            return r;
        }
    }
}
