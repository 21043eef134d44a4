package org.paravane.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.vbd.DiskSpecReader;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdMetrics;
import org.paravane.api.vbd.VbdState;

/**
 * A VHD disk attached to dom0 through the vbd API (local attach: Java blkfront, blkif ring,
 * blkback, the backend-vhd bundle), verified I/O while the backend-vhd bundle is stopped and
 * started again in the middle: zero errors, every block verified, the swap recorded.
 */
class BlockDeviceTest {

    private static final String VHD_BSN = "org.paravane.backend-vhd";
    private static final String WARMUP_PROPERTY = "paravane.vhd.warmup.rounds";
    private static final Pattern ANSWERED = Pattern.compile("moved devices answered after ([0-9.]+) ms");

    @InjectBundleContext
    BundleContext context;

    private static MemorySegment block(Arena arena, int i) {
        MemorySegment s = arena.allocate(4096, 4096);
        for (int o = 0; o < 4096; o += 8) {
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, o, (long) i * 0x9E3779B97F4A7C15L + o);
        }
        return s;
    }

    @Test
    void vhdLocalAttachSurvivesBackendBundleRestart(@InjectService(timeout = 10_000) VbdControl vbd,
            @InjectService(timeout = 10_000) DiskSpecReader reader,
            @InjectService(timeout = 10_000) CommandProcessor gogo) throws Exception {
        VbdInfo info = attachNewVhd(vbd, reader, Files.createTempDirectory("itest-vbd"), "32M", "xvdb");
        assertEquals(VbdState.RUNNING, info.state());
        BlockDisk disk = vbd.localDisk(info.devid()).orElseThrow();
        Bundle vhd = Arrays.stream(context.getBundles()).filter(b -> VHD_BSN.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();

        int blocks = 8000; // 32 MiB image: 8192 blocks of 4 KiB
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Arena arena = Arena.ofShared();
        Thread writer = Thread.ofPlatform().start(() -> {
            List<CompletableFuture<Void>> window = new ArrayList<>();
            try {
                for (int i = 0; i < blocks; i++) {
                    window.add(disk.write(8L * i, List.of(block(arena, i))).toCompletableFuture());
                    if (window.size() == 16) {
                        window.remove(0).get(30, TimeUnit.SECONDS);
                        done.incrementAndGet();
                    }
                }
                for (CompletableFuture<Void> w : window) {
                    w.get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                error.set(e);
            }
        });
        while (done.get() < 300 && writer.isAlive()) {
            Thread.sleep(1);
        }
        vhd.stop();
        Thread.sleep(100);
        vhd.start();
        int atRestart = done.get();
        writer.join(120_000);
        assertTrue(done.get() > atRestart + 100, "writes continued after the restart: " + atRestart + " -> " + done.get());
        assertEquals(null, error.get(), "no I/O error across the backend restart");

        MemorySegment back = arena.allocate(4096, 4096);
        for (int i = 0; i < blocks; i++) {
            disk.read(8L * i, List.of(back)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(-1, back.mismatch(block(arena, i)), "block " + i);
        }
        VbdMetrics m = vbd.metrics(0, info.devid()).orElseThrow();
        assertEquals(0, m.errors());
        assertTrue(m.swaps().size() >= 1, "the restart was recorded as a swap: " + m);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession s = gogo.createSession(System.in, new PrintStream(out), new PrintStream(out))) {
            Object listing = s.execute("hv:block-list");
            assertNotNull(listing);
            assertTrue(listing.toString().contains("xvdb"), listing.toString());
        }
        vbd.detach(0, info.devid());
        assertTrue(vbd.list(0).isEmpty());
    }

    /**
     * {@code hv:bundle-swap} uninstalls the old build only once every moved device has answered
     * on the new one, or after 250 ms: an idle device waits out the cap, a busy one does not.
     */
    @Test
    void bundleSwapTearsTheOldBuildDownAfterTheMovedDeviceAnswered(@InjectService(timeout = 10_000) VbdControl vbd,
            @InjectService(timeout = 10_000) DiskSpecReader reader,
            @InjectService(timeout = 10_000) CommandProcessor gogo) throws Exception {
        Path dir = Files.createTempDirectory("itest-swap");
        VbdInfo info = attachNewVhd(vbd, reader, dir, "8M", "xvdc");
        BlockDisk disk = vbd.localDisk(info.devid()).orElseThrow();
        Arena arena = Arena.ofShared();
        System.setProperty(WARMUP_PROPERTY, "0"); // the new builds' warm-up is not what this tests
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession s = gogo.createSession(System.in, new PrintStream(out), new PrintStream(out))) {
            Bundle serving = servingVhd();
            BundleBuilds builds = BundleBuilds.of(serving);
            Version base = serving.getVersion();

            // idle: no request comes, so the teardown waits the whole cap
            String idle = swap(s, builds, serving, dir, new Version(base.getMajor(), base.getMinor(), base.getMicro(),
                    "swaptest1"));
            assertTrue(answeredMillis(idle) >= 250, idle);
            SwapRecord waiting = vbd.metrics(0, info.devid()).orElseThrow().swaps().getLast();
            assertEquals(0, waiting.firstCompletionAfterNanos(), "nothing answered yet: " + waiting);
            disk.write(0, List.of(block(arena, 1))).toCompletableFuture().get(30, TimeUnit.SECONDS);

            // busy: the teardown starts at the first answer on the new build
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> error = new AtomicReference<>();
            AtomicInteger written = new AtomicInteger();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        disk.write(8L * (i % 2000), List.of(block(arena, i))).toCompletableFuture()
                                .get(30, TimeUnit.SECONDS);
                        written.incrementAndGet();
                    }
                } catch (Exception e) {
                    error.set(e);
                }
            });
            while (written.get() < 50 && writer.isAlive()) {
                Thread.sleep(1);
            }
            String busy = swap(s, builds, servingVhd(), dir, new Version(base.getMajor(), base.getMinor(),
                    base.getMicro(), "swaptest2"));
            SwapRecord moved = vbd.metrics(0, info.devid()).orElseThrow().swaps().getLast();
            stop.set(true);
            writer.join(60_000);
            assertEquals(null, error.get(), "no write failed across the swaps");
            assertTrue(answeredMillis(busy) < 250, busy);
            assertTrue(moved.firstCompletionAfterNanos() != 0, "answered before the teardown: " + moved);
            assertEquals(0, vbd.metrics(0, info.devid()).orElseThrow().errors());
        } finally {
            System.clearProperty(WARMUP_PROPERTY);
            vbd.detach(0, info.devid());
        }
    }

    /** Creates a dynamic VHD of {@code size} with qemu-img in {@code dir} and attaches it to dom0 as {@code vdev}. */
    private static VbdInfo attachNewVhd(VbdControl vbd, DiskSpecReader reader, Path dir, String size, String vdev)
            throws Exception {
        Path img = dir.resolve("disk.vhd");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "vpc", img.toString(), size)
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return vbd.attach(0, reader.read("format=vhd,vdev=" + vdev + ",access=rw,target=" + img));
    }

    private Bundle servingVhd() {
        return Arrays.stream(context.getBundles())
                .filter(b -> VHD_BSN.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE).findFirst()
                .orElseThrow();
    }

    /** Runs hv:bundle-swap from {@code serving} to a new build {@code v}; returns its line. */
    private String swap(CommandSession s, BundleBuilds builds, Bundle serving, Path dir, Version v) throws Exception {
        Path jar = dir.resolve("backend-vhd-" + v + ".jar");
        Files.write(jar, builds.jar(v, "Paravane-Test-Build", v.getQualifier()));
        long oldId = serving.getBundleId();
        String line = String.valueOf(s.execute("hv:bundle-swap " + oldId + " '" + jar.toUri() + "'"));
        assertTrue(line.startsWith("swapped " + VHD_BSN), line);
        assertEquals(null, context.getBundle(oldId), "the old build is uninstalled");
        return line;
    }

    private static double answeredMillis(String line) {
        Matcher m = ANSWERED.matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1));
    }
}
