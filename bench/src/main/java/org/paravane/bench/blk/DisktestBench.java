package org.paravane.bench.blk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.backend.blockdev.BlockdevBackend;
import org.paravane.core.domain.Domain;

/**
 * Issue 6: disktest MB/s inside a guest. The committed {@code guest/images/disktest.elf}
 * (C blkfront, RISC-V engine) boots in an in-process core ({@link BlkCore}) with its xvda
 * attached through blkback to a raw file (backend-blockdev) and to a dynamic VHD
 * (backend-vhd); the figures are the guest's own ({@code time} CSR), from its per-pass
 * lines and its final {@code disktest: OK ... write_MBps=W read_MBps=R} line.
 *
 * <pre>./hv bench disktest [--dir /var/tmp] [--size-mib 8] [--passes 2] [--req 256K] [--depth 8]
 *     [--runs 3] [--direct true|false] [--disks raw,vhd]</pre>
 *
 * <p>The raw file is fully allocated non-zero data; the VHD is a fresh empty {@code
 * qemu-img create -f vpc} image per run, so pass 1 writes first-touch (blocks allocated)
 * and later passes overwrite.
 */
public final class DisktestBench {

    private static final Pattern PASS = Pattern.compile(
            "disktest: pass (\\d+): wrote \\d+ KiB at (\\S+) MB/s, read and verified at (\\S+) MB/s, errors 0");
    private static final Pattern OK = Pattern.compile(
            "disktest: OK bytes=(\\d+) passes=(\\d+) verified=(\\d+) errors=0 write_MBps=(\\S+) read_MBps=(\\S+)");

    private DisktestBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/var/tmp");
        long sizeMib = 8;
        int passes = 2;
        String req = "256K";
        int depth = 8;
        int runs = 3;
        boolean direct = false;
        List<String> disks = List.of("raw", "vhd");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--size-mib" -> sizeMib = Long.parseLong(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--req" -> req = args[++i];
                case "--depth" -> depth = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--direct" -> direct = Boolean.parseBoolean(args[++i]);
                case "--disks" -> disks = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (usage: disktest"
                        + " [--dir D] [--size-mib N] [--passes N] [--req SIZE] [--depth N] [--runs N]"
                        + " [--direct true|false] [--disks raw,vhd])");
            }
        }
        Path root = Path.of(System.getProperty("paravane.root", ".")).toAbsolutePath().normalize();
        long size = sizeMib << 20;
        String cmdline = "disktest size=" + sizeMib + "M passes=" + passes + " seed=7 req=" + req + " depth=" + depth
                + " discard=0";
        System.out.printf("guest: %s (16 MiB, 1 vCPU); disks in %s (fs %s), %d MiB; raw %s%n", cmdline, dir,
                BlockdevBench.fsType(dir), sizeMib, direct ? "O_DIRECT" : "buffered");
        System.out.println("load average before: " + BlockdevBench.loadAverage() + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-5s %4s %-40s %10s %10s", "disk", "run", "per pass write/read MB/s", "write MB/s",
                "read MB/s"));
        for (String kind : disks) {
            for (int run = 1; run <= runs; run++) {
                Path image = dir.resolve("paravane-disktest." + kind);
                Files.deleteIfExists(image);
                var spec = switch (kind) {
                    case "raw" -> {
                        BlockdevBench.prepare(image, size);
                        yield BlkCore.spec(image, DiskFormat.RAW, 'a', Map.of(BlockdevBackend.OPTION_DIRECT_IO,
                                Boolean.toString(direct)));
                    }
                    case "vhd" -> {
                        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "vpc", "-o",
                                "subformat=dynamic,force_size=on", image.toString(), Long.toString(size)).inheritIO()
                                .start();
                        if (p.waitFor() != 0) {
                            throw new IllegalStateException("qemu-img create failed");
                        }
                        yield BlkCore.spec(image, DiskFormat.VHD, 'a', Map.of());
                    }
                    default -> throw new IllegalArgumentException("disk kind " + kind + " (raw or vhd)");
                };
                try (BlkCore core = new BlkCore()) {
                    Domain d = core.bootWithDisk(root, "disktest", 16 * 1024, cmdline, spec);
                    long end = System.nanoTime() + 600_000_000_000L;
                    while (d.state() != DomainState.SHUTDOWN && System.nanoTime() < end) {
                        Thread.sleep(20);
                    }
                    String out = BlkCore.console(d);
                    Matcher ok = OK.matcher(out);
                    if (d.state() != DomainState.SHUTDOWN || d.shutdownReason() != ShutdownReason.POWEROFF
                            || !ok.find()) {
                        throw new IllegalStateException("disktest on " + kind + " did not finish OK; console:\n" + out);
                    }
                    if (Long.parseLong(ok.group(3)) != passes * size) {
                        throw new IllegalStateException("verified " + ok.group(3) + " bytes, expected " + passes * size);
                    }
                    StringBuilder perPass = new StringBuilder();
                    Matcher pm = PASS.matcher(out);
                    while (pm.find()) {
                        perPass.append(perPass.isEmpty() ? "" : ", ").append(pm.group(2)).append('/').append(pm.group(3));
                    }
                    String row = String.format("%-5s %4d %-40s %10s %10s", kind, run, perPass, ok.group(4), ok.group(5));
                    System.out.println(row);
                    rows.add(row);
                }
                Files.deleteIfExists(image);
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.out.println("load average after: " + BlockdevBench.loadAverage());
    }
}
