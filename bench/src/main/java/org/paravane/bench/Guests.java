package org.paravane.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paravane.api.domain.DomainConfig;
import org.paravane.core.builder.BootInfo;
import org.paravane.core.builder.DomainBuilder;
import org.paravane.core.builder.InvalidKernelException;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.paravane.engine.riscv.RiscvEngine;

/** Shared helpers for the drivers: a hypervisor with the RISC-V engine, guest images, consoles. */
final class Guests {

    private Guests() {
    }

    /** The repository root: -Dparavane.root, else the working directory. */
    static Path root() {
        return Path.of(System.getProperty("paravane.root", ".")).toAbsolutePath().normalize();
    }

    /**
     * The committed guest image guest/images/NAME.elf, or, when NAME ends in ".elf", that file
     * (relative to the repository root): how a driver A/Bs an image built from other sources.
     */
    static byte[] image(String name) {
        Path p = name.endsWith(".elf") ? root().resolve(name) : root().resolve("guest/images/" + name + ".elf");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read guest image " + p + " (run from the repository root)", e);
        }
    }

    /** A hypervisor with the real scheduler and the RISC-V engine. */
    static Hypervisor hypervisor(long budgetBytes, int schedulerThreads) {
        Hypervisor hv = new Hypervisor(new HypervisorConfig(budgetBytes, schedulerThreads,
                HypervisorConfig.DEFAULT_SLICE));
        hv.setEngine(new RiscvEngine());
        return hv;
    }

    /** Builds and unpauses a guest running PROGRAM with the given command line. */
    static Domain boot(Hypervisor hv, String name, String program, long memoryKiB, String cmdline) {
        return boot(hv, DomainConfig.of(name, memoryKiB, 1), program, cmdline);
    }

    /** Builds and unpauses a guest of CONFIG running PROGRAM with the given command line. */
    static Domain boot(Hypervisor hv, DomainConfig config, String program, String cmdline) {
        try {
            BootInfo info = new DomainBuilder(hv.domains(), hv.events()).create(
                    config, program.endsWith(".elf") ? Path.of(program).getFileName().toString() : program + ".elf",
                    image(program), cmdline);
            hv.domains().unpause(info.domid());
            return hv.domains().require(info.domid());
        } catch (InvalidKernelException e) {
            throw new IllegalStateException("guest image " + program + " rejected", e);
        }
    }

    static String console(Domain d) {
        return new String(d.console().contents(), StandardCharsets.US_ASCII);
    }

    /** Waits until the console matches PATTERN; returns the match or throws after the timeout. */
    static Matcher awaitConsole(Domain d, Pattern pattern, long timeoutMs) {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            Matcher m = pattern.matcher(console(d));
            if (m.find()) {
                return m;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("domain " + d.domid() + " never printed " + pattern + "; console:\n"
                        + console(d));
            }
            sleep(2);
        }
    }

    static boolean await(BooleanSupplier cond, long timeoutMs) {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(2);
        }
        return true;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
