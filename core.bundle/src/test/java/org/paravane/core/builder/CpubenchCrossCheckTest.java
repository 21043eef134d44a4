package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * The same cpubench image on Paravane (PV boot, console_io) and on QEMU virt with Debian's
 * OpenSBI (bare SBI boot, via guest/qemu-cpubench.sh). Both must compute the same checksum
 * (the loop's result does not depend on time); the MIPS figures and their ratio are printed,
 * never asserted (speed belongs in benchmarks). Skipped without qemu-system-misc + opensbi.
 */
class CpubenchCrossCheckTest {

    private static final Pattern LINE = Pattern.compile(
            "cpubench: 10000000 iterations, 80000000 instructions, (\\d+) ticks at 10000000 Hz, \\d+ us, (\\d+) MIPS"
            + " \\(check (0x[0-9a-f]+)\\)");

    @Test
    void cpubenchRunsOnParavaneAndOnQemuWithTheSameResult() throws Exception {
        Path script = GuestImages.root().resolve("guest/qemu-cpubench.sh");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-riscv64")),
                "qemu-system-riscv64 not installed (Debian qemu-system-misc)");
        Process p = new ProcessBuilder(script.toString(), GuestImages.image("cpubench").toString())
                .redirectErrorStream(true).start();
        String qemu = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(150, TimeUnit.SECONDS));
        Assumptions.assumeFalse(p.exitValue() == 2, qemu);
        Matcher q = LINE.matcher(qemu);
        assertTrue(q.find(), "QEMU output:\n" + qemu);

        String pv;
        try (Hypervisor hv = new Hypervisor(new HypervisorConfig(64L << 20, 1, 100_000))) {
            hv.setEngine(new RiscvEngine());
            BootInfo info = new DomainBuilder(hv.domains(), hv.events()).create(DomainConfig.of("cpubench", 4096, 1),
                    "cpubench.elf", GuestImages.read("cpubench"), "");
            hv.domains().unpause(info.domid());
            Domain d = hv.domains().require(info.domid());
            long end = System.nanoTime() + 120_000_000_000L;
            while (d.state() != DomainState.SHUTDOWN && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            pv = new String(d.console().contents(), StandardCharsets.US_ASCII);
            assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), pv);
        }
        Matcher m = LINE.matcher(pv);
        assertTrue(m.find(), "Paravane console:\n" + pv);
        assertEquals(q.group(3), m.group(3), "the loop computed different results");
        long pvMips = Long.parseLong(m.group(2));
        long qemuMips = Long.parseLong(q.group(2));
        System.out.printf("cpubench: Paravane %d MIPS, QEMU %d MIPS, ratio %.2f%n", pvMips, qemuMips,
                qemuMips == 0 ? 0.0 : (double) pvMips / qemuMips);
    }
}
