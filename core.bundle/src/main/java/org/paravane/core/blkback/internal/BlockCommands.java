package org.paravane.core.blkback.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.vbd.DiskSpecReader;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdMetrics;

/**
 * Gogo commands of the block devices (scope hv): {@code block-attach DOMID DISKSPEC} (domid
 * 0 makes a local attach), {@code block-detach DOMID VDEV}, {@code block-list} and
 * {@code block-test VDEV MIB} (writes a pattern through dom0's blkfront, reads it back,
 * verifies, reports MB/s). Gogo maps no hyphenated names to methods, so every function goes
 * through {@link #_main} with the function name first.
 */
@Component(service = BlockCommands.class, property = {
    "osgi.command.scope=hv",
    "osgi.command.function=block-attach",
    "osgi.command.function=block-detach",
    "osgi.command.function=block-list",
    "osgi.command.function=block-test"
})
public final class BlockCommands {

    private final VbdComponent vbd;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DiskSpecReader reader;

    /** Over the blkback engine. */
    @Activate
    public BlockCommands(@Reference VbdComponent vbd) {
        this.vbd = vbd;
    }

    /** Gogo's entry for every function: {@code args[0]} is the function name. */
    public String _main(String... args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: block-attach|block-detach|block-list|block-test");
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0].toLowerCase(Locale.ROOT).replaceFirst("^hv:", "")) {
            case "block-attach" -> attach(rest);
            case "block-detach" -> detach(rest);
            case "block-list" -> list();
            case "block-test" -> test(rest);
            default -> throw new IllegalArgumentException("unknown block command '" + args[0] + "'");
        };
    }

    private String attach(List<String> a) throws Exception {
        if (a.size() < 2) {
            throw new IllegalArgumentException("usage: block-attach DOMID DISKSPEC (e.g. 'format=vhd,vdev=xvda,target=/img.vhd')");
        }
        DiskSpecReader r = reader;
        if (r == null) {
            throw new IllegalStateException("no disk spec parser is available (toolstack-xend provides it)");
        }
        DiskSpec spec = r.read(String.join(",", a.subList(1, a.size())));
        VbdInfo v = vbd.attach(Integer.parseInt(a.get(0)), spec);
        return "attached " + v.vdev() + " (" + v.devid() + ") to domain " + v.domid() + ": " + v.format() + " "
                + v.target() + ", " + v.sectors() + " sectors, " + v.state();
    }

    private String detach(List<String> a) throws Exception {
        if (a.size() != 2) {
            throw new IllegalArgumentException("usage: block-detach DOMID VDEV");
        }
        int domid = Integer.parseInt(a.get(0));
        int devid = devid(domid, a.get(1));
        vbd.detach(domid, devid);
        return "detached " + a.get(1) + " from domain " + domid;
    }

    private int devid(int domid, String vdev) {
        for (VbdInfo v : vbd.list(domid)) {
            if (v.vdev().equals(vdev) || Integer.toString(v.devid()).equals(vdev)) {
                return v.devid();
            }
        }
        throw new IllegalArgumentException("domain " + domid + " has no block device '" + vdev + "'");
    }

    private String list() {
        StringBuilder b = new StringBuilder(String.format("%-6s %-6s %-7s %-10s %-6s %-12s %-8s %s%n", "Domain", "Vdev",
                "Devid", "State", "Format", "Sectors", "Swaps", "Target"));
        for (VbdInfo v : vbd.list()) {
            int swaps = vbd.metrics(v.domid(), v.devid()).map(m -> m.swaps().size()).orElse(0);
            b.append(String.format("%-6d %-6s %-7d %-10s %-6s %-12d %-8d %s%s%n", v.domid(), v.vdev(), v.devid(),
                    v.state(), v.format(), v.sectors(), swaps, v.target(), v.readOnly() ? " (ro)" : ""));
        }
        return b.toString();
    }

    private String test(List<String> a) throws Exception {
        if (a.size() != 2) {
            throw new IllegalArgumentException("usage: block-test VDEV MIB (a dom0 local attach)");
        }
        int devid = devid(0, a.get(0));
        int mib = Integer.parseInt(a.get(1));
        BlockDisk disk = vbd.localDisk(devid).orElseThrow(
                () -> new IllegalArgumentException(a.get(0) + " is not a local attach of domain 0"));
        long bytes = (long) mib << 20;
        if (mib < 1 || bytes > disk.sectors() * disk.sectorSize()) {
            throw new IllegalArgumentException("MIB must be 1.." + (disk.sectors() * disk.sectorSize() >> 20));
        }
        long sectorsPerMiB = (1 << 20) / disk.sectorSize();
        long seed = System.nanoTime();
        try (Arena arena = Arena.ofShared()) {
            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> window = new ArrayList<>();
            for (int i = 0; i < mib; i++) {
                MemorySegment m = arena.allocate(1 << 20, 4096);
                fill(m, seed + i);
                window.add(disk.write(i * sectorsPerMiB, List.of(m)).toCompletableFuture());
                if (window.size() >= 8) {
                    window.remove(0).get(60, TimeUnit.SECONDS);
                }
            }
            for (CompletableFuture<Void> w : window) {
                w.get(60, TimeUnit.SECONDS);
            }
            if (disk.features().contains(org.paravane.api.blk.BlockFeature.FLUSH)) {
                disk.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            long t1 = System.nanoTime();
            MemorySegment back = arena.allocate(1 << 20, 4096);
            MemorySegment want = arena.allocate(1 << 20, 4096);
            long bad = 0;
            for (int i = 0; i < mib; i++) {
                disk.read(i * sectorsPerMiB, List.of(back)).toCompletableFuture().get(60, TimeUnit.SECONDS);
                fill(want, seed + i);
                if (back.mismatch(want) >= 0) {
                    bad++;
                }
            }
            long t2 = System.nanoTime();
            VbdMetrics m = vbd.metrics(0, devid).orElseThrow();
            String swaps = m.swaps().isEmpty() ? "" : ", blackouts (us): "
                    + m.swaps().stream().map(SwapRecord::blackoutNanos).map(n -> Long.toString(n / 1000)).toList();
            return String.format("%s: wrote %d MiB at %.1f MB/s, read at %.1f MB/s, %d MiB mismatched, %d errors%s",
                    a.get(0), mib, bytes / ((t1 - t0) / 1e3), bytes / ((t2 - t1) / 1e3), bad, m.errors(), swaps)
                    + (bad == 0 ? ", verified" : ", FAILED");
        }
    }

    private static void fill(MemorySegment m, long seed) {
        long x = seed * 0x9E3779B97F4A7C15L;
        for (long o = 0; o < m.byteSize(); o += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            m.set(ValueLayout.JAVA_LONG_UNALIGNED, o, x);
        }
    }
}
