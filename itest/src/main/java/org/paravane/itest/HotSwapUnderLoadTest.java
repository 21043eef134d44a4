package org.paravane.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.host.HostEnvironment;
import org.paravane.api.store.XenStore;
import org.paravane.api.vbd.SwapRecord;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdMetrics;
import org.paravane.api.vbd.VbdState;

/**
 * Issue 6's "hot-swap under load": the C {@code disktest} guest loops over a VHD disk
 * (created by {@code qemu-img}, attached before unpause by {@code hv:create --disk}) while
 * the backend-vhd bundle is updated to 20 distinct new builds ({@code Bundle.update}), then
 * uninstalled and installed again, then replaced 20 more times make-before-break by the
 * operator's command {@code hv:bundle-swap} (the next build installed and bound next to the
 * serving one, then the serving one stopped and uninstalled; odd swaps park and replay the
 * requests in flight, even ones drain them on the old build; with PARAVANE_HOTSWAP_AB=warmup
 * odd swaps skip the new build's warm-up, with PARAVANE_HOTSWAP_AB=none every swap drains). The guest must see no error and
 * verify every pass, blkback must record one swap per backend change, the guest must stop on
 * {@code control/shutdown} with its OK line, and {@code qemu-img compare} must find the image
 * equal to the last pass's pattern. The blackout per swap and its parts, per path, are
 * written to {@code itest/target/hotswap-blackouts.txt} ({@code ./hv bench hotswap} prints it).
 */
class HotSwapUnderLoadTest {

    private static final String VHD_BSN = "org.paravane.backend-vhd";
    private static final String BUILD_HEADER = "Paravane-Hotswap-Build";
    /** Swaps per path (Bundle.update; make-before-break); 20 unless PARAVANE_HOTSWAP_ROUNDS says more. */
    private static final int UPDATES = rounds();
    private static final int SWAPS = UPDATES;
    private static final String WARMUP_PROPERTY = "paravane.vhd.warmup.rounds";
    /** blkback's switch between draining (default) and parking on a make-before-break swap. */
    private static final String DRAIN_PROPERTY = "paravane.blk.swap.drain";
    /**
     * What the make-before-break swaps compare, alternating (PARAVANE_HOTSWAP_AB): {@code drain}
     * (default): odd swaps park and replay the requests in flight, even ones drain them, both
     * with the new build warmed up; {@code warmup}: odd swaps without the new build's warm-up,
     * even ones with it, both draining; {@code none}: every swap as {@code hv:bundle-swap} does
     * by default (warmed up, draining).
     */
    private static final boolean AB_WARMUP = "warmup".equals(System.getenv("PARAVANE_HOTSWAP_AB"));
    private static final boolean AB_NONE = "none".equals(System.getenv("PARAVANE_HOTSWAP_AB"));
    private static final Pattern MOVE_LINE = Pattern.compile("moved to the other \\S+ backend \\((\\w+)\\): in-flight"
            + " (\\d+) handled in (\\d+) us[^,]*, old disk closed in (\\d+) us, reopened and resumed in (\\d+) us"
            + " \\((\\d+) waiting on the ring; open (\\d+) us\\)");
    private static final Pattern ANSWERED = Pattern.compile("moved devices answered after ([0-9.]+) ms");
    private static final int XVDA = 202 << 8;
    private static final int SIZE = 512 * 1024;
    /**
     * disktest's request size and depth, and optionally its completion mode (default mixed:
     * reads polled) (PARAVANE_HOTSWAP_WORKLOAD, e.g. {@code req=4K depth=16 mode=irq}): the
     * guest's own gaps between completions bound what a blackout can show (see
     * {@link NoSwapGaps}), and they shrink with smaller requests; a polling guest keeps one
     * of the host's CPUs busy. The first mode= on disktest's command line wins.
     */
    private static final String WORKLOAD = workload();
    private static final int SEED = 29;
    private static final long WAIT_NANOS = 180_000_000_000L;
    private static final Pattern PASS_LINE = Pattern.compile(
            "disktest: pass (\\d+): wrote (\\d+) KiB at \\S+ MB/s, read and verified at \\S+ MB/s, errors (\\d+)");

    @InjectBundleContext
    BundleContext context;

    @Test
    void disktestSeesNoErrorWhileTheVhdBundleIsReplaced(@InjectService(timeout = 10_000) VbdControl vbd,
            @InjectService(timeout = 10_000) CommandProcessor gogo,
            @InjectService(timeout = 10_000) DomainControl domains,
            @InjectService(timeout = 10_000) XenStore store,
            @InjectService(timeout = 10_000) HostEnvironment host) throws Exception {
        Path root = Path.of(context.getProperty("paravane.root")).toAbsolutePath().normalize();
        Path kernel = root.resolve("guest/images/disktest.elf");
        assertTrue(Files.isRegularFile(kernel), "the committed guest image " + kernel);
        Path dir = Files.createTempDirectory("itest-hotswap");
        Path img = dir.resolve("disk.vhd");
        run("qemu-img", "create", "-q", "-f", "vpc", img.toString(), "4M");

        Bundle vhd = bundle(VHD_BSN).orElseThrow();
        Version base = vhd.getVersion();
        BundleBuilds builds = BundleBuilds.of(vhd);

        try (var old = Files.newDirectoryStream(host.logDirectory(), "console-hotswap-*.log")) {
            for (Path f : old) {
                Files.delete(f); // an earlier run's guest of the same name and domid appends to it
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no log directory yet
        }
        BackendEvents events = new BackendEvents();
        ServiceRegistration<EventListenerHook> hook = context.registerService(EventListenerHook.class, events, null);

        int domid;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession s = gogo.createSession(InputStream.nullInputStream(), new PrintStream(out),
                new PrintStream(out))) {
            Object r = s.execute("hv:create --disk 'format=vhd,vdev=xvda,access=rw,target=" + img
                    + "' --name hotswap --memory 16 " + kernel + " disktest size=" + SIZE + " passes=0 seed=" + SEED
                    + " " + WORKLOAD + " mode=mixed discard=0");
            domid = ((Number) r).intValue();
        }
        Path console = host.logDirectory().resolve("console-hotswap-" + domid + ".log");
        VbdInfo attached = vbd.find(domid, XVDA).orElseThrow(() -> new AssertionError("xvda attached at create"));
        assertEquals("vhd", attached.format());

        await(() -> passes(console) >= 1 || ended(domains, domid), "the first disktest pass", console);
        List<Long> updateNanos = new ArrayList<>();
        for (int build = 1; build <= UPDATES; build++) {
            int before = passes(console);
            await(() -> passes(console) > before || ended(domains, domid), "a pass before build " + build, console);
            assertFalse(ended(domains, domid), () -> "guest ended early:\n" + text(console));
            awaitInFlight(vbd, domid, console);
            Version v = buildVersion(base, build);
            long t0 = System.nanoTime();
            vhd.update(new ByteArrayInputStream(jar(builds, v, build)));
            updateNanos.add(System.nanoTime() - t0);
            assertActiveBuild(vhd, v, build);
            int want = build;
            await(() -> completedSwaps(vbd, domid) >= want, "swap " + build + " complete", console);
        }

        // uninstall: the device suspends and holds the guest's I/O; nothing completes meanwhile
        int beforeRemove = passes(console);
        await(() -> passes(console) > beforeRemove, "a pass before the uninstall", console);
        awaitInFlight(vbd, domid, console);
        vhd.uninstall();
        assertTrue(bundle(VHD_BSN).isEmpty(), "backend-vhd uninstalled");
        await(() -> state(vbd, domid) == VbdState.SUSPENDED, "device suspended without a vhd backend", console);
        long heldRequests = vbd.metrics(domid, XVDA).orElseThrow().requests();
        Thread.sleep(500);
        assertEquals(heldRequests, vbd.metrics(domid, XVDA).orElseThrow().requests(),
                "no request answered while no backend serves vhd");
        assertEquals(VbdState.SUSPENDED, state(vbd, domid));
        Version reinstalled = buildVersion(base, UPDATES + 1);
        Bundle again = context.installBundle("itest:backend-vhd-reinstalled",
                new ByteArrayInputStream(jar(builds, reinstalled, UPDATES + 1)));
        again.start();
        assertActiveBuild(again, reinstalled, UPDATES + 1);
        await(() -> completedSwaps(vbd, domid) >= UPDATES + 1, "swap after the reinstall", console);
        int afterReinstall = passes(console);
        await(() -> passes(console) > afterReinstall + 1, "two more passes after the reinstall", console);

        // the peer of every blackout: the gap the same workload shows around an instant with no swap,
        // measured here, after the first swaps, when the guest's code and blkback's are compiled
        long[] noSwap = NoSwapGaps.sample(() -> vbd.metrics(domid, XVDA).orElseThrow().requests(),
                3_000_000_000L, 1000, SEED);
        // make-before-break, the operator's swap (hv:bundle-swap): the next build is installed,
        // started and bound while the serving one still serves, then the serving one goes.
        // Odd swaps with the new build's warm-up off, even ones with it (A/B in one run).
        List<Long> swapCallNanos = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        Bundle serving = again;
        try (CommandSession s = gogo.createSession(InputStream.nullInputStream(), new PrintStream(out),
                new PrintStream(out))) {
            // refusals leave the serving build alone: a jar with the serving build's own version,
            // and a bundle that offers no block backend
            Path same = dir.resolve("backend-vhd-same-version.jar");
            Files.write(same, jar(builds, serving.getVersion(), UPDATES + 1));
            long servingId = serving.getBundleId();
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> s.execute("hv:bundle-swap " + servingId + " '" + same.toUri() + "'"));
            assertEquals(Bundle.ACTIVE, serving.getState(), "refused swap: " + refused);
            assertEquals(1, Arrays.stream(context.getBundles())
                    .filter(b -> VHD_BSN.equals(b.getSymbolicName())).count(), "nothing left of the refused build");
            long coreId = bundle("org.paravane.core").orElseThrow().getBundleId(); // active, serves no format
            Exception noBackend = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> s.execute("hv:bundle-swap " + coreId + " '" + same.toUri() + "'"));
            assertTrue(String.valueOf(noBackend.getMessage()).contains("offers no block backend"),
                    String.valueOf(noBackend));
            assertEquals(UPDATES + 1, completedSwaps(vbd, domid), "no swap from a refused command");
            for (int k = 1; k <= SWAPS; k++) {
                int build = UPDATES + 1 + k;
                int before = passes(console);
                await(() -> passes(console) > before || ended(domains, domid), "a pass before build " + build, console);
                assertFalse(ended(domains, domid), () -> "guest ended early:\n" + text(console));
                awaitInFlight(vbd, domid, console);
                boolean odd = k % 2 == 1;
                kinds.add(AB_WARMUP ? (odd ? "mbb-cold" : "mbb-warm") : (odd && !AB_NONE ? "mbb-park" : "mbb-drain"));
                if (AB_WARMUP && odd) {
                    System.setProperty(WARMUP_PROPERTY, "0");
                } else {
                    System.clearProperty(WARMUP_PROPERTY);
                }
                if (!AB_WARMUP && !AB_NONE && odd) {
                    System.setProperty(DRAIN_PROPERTY, "false");
                } else {
                    System.clearProperty(DRAIN_PROPERTY);
                }
                Version v = buildVersion(base, build);
                Path jarFile = dir.resolve("backend-vhd-" + v + ".jar");
                Files.write(jarFile, jar(builds, v, build));
                long oldId = serving.getBundleId();
                long t0 = System.nanoTime();
                Object line = s.execute("hv:bundle-swap " + oldId + " '" + jarFile.toUri() + "'");
                swapCallNanos.add(System.nanoTime() - t0);
                assertTrue(String.valueOf(line).startsWith("swapped " + VHD_BSN), String.valueOf(line));
                assertEquals(null, context.getBundle(oldId), "the old build is uninstalled");
                Bundle now = Arrays.stream(context.getBundles())
                        .filter(b -> VHD_BSN.equals(b.getSymbolicName()) && v.equals(b.getVersion())).findFirst()
                        .orElseThrow(() -> new AssertionError("build " + v + " installed"));
                assertActiveBuild(now, v, build);
                assertEquals(1, Arrays.stream(context.getBundles())
                        .filter(b -> VHD_BSN.equals(b.getSymbolicName())).count(), "one vhd build left");
                // the old build's teardown waited for the moved device's first answer, or 250 ms
                Matcher answered = ANSWERED.matcher(String.valueOf(line));
                assertTrue(answered.find(), String.valueOf(line));
                int want = UPDATES + 1 + k;
                if (Double.parseDouble(answered.group(1)) < 250) {
                    assertEquals(want, completedSwaps(vbd, domid),
                            "make-before-break swap " + k + " answered before the command returned: " + line);
                }
                await(() -> completedSwaps(vbd, domid) >= want, "make-before-break swap " + k + " complete",
                        console);
                serving = now;
            }
        } finally {
            System.clearProperty(WARMUP_PROPERTY);
            System.clearProperty(DRAIN_PROPERTY);
        }
        // the command's thread logs into the session: the new builds' warm-ups and the old disks' closes
        String swapLog = out.toString(StandardCharsets.UTF_8);
        List<Long> warmups = numbers(swapLog, "warm-up (\\d+) rounds in (\\d+) us", 2);
        List<Long> warmRounds = numbers(swapLog, "warm-up (\\d+) rounds in (\\d+) us", 1);
        assertEquals(SWAPS, warmups.size(), "one warm-up line per make-before-break build:\n" + swapLog);
        for (int k = 0; k < SWAPS; k++) {
            assertEquals(AB_WARMUP && k % 2 == 0 ? 0L : 2000L, (long) warmRounds.get(k),
                    "warm-up rounds of swap " + (k + 1));
        }
        // blkback's line per make-before-break move: mode, requests drained, drain / close / reopen times
        List<long[]> moves = new ArrayList<>();
        Matcher mv = MOVE_LINE.matcher(swapLog);
        while (mv.find()) {
            moves.add(new long[] {"drain".equals(mv.group(1)) ? 1 : 0, Long.parseLong(mv.group(2)),
                Long.parseLong(mv.group(3)), Long.parseLong(mv.group(4)), Long.parseLong(mv.group(5)),
                Long.parseLong(mv.group(6)), Long.parseLong(mv.group(7))});
        }
        assertEquals(SWAPS, moves.size(), "one move line per make-before-break swap:\n" + swapLog);
        for (int k = 0; k < SWAPS; k++) {
            boolean drained = !kinds.get(k).equals("mbb-park");
            assertEquals(drained ? 1L : 0L, moves.get(k)[0], "swap " + (k + 1) + " " + kinds.get(k) + " drained");
        }
        List<Long> oldCloses = numbers(swapLog, "old disk closed in (\\d+) us", 1);

        VbdMetrics metrics = vbd.metrics(domid, XVDA).orElseThrow();
        store.write("/local/domain/" + domid + "/control/shutdown", "poweroff");
        await(() -> ended(domains, domid), "the guest to stop on control/shutdown", console);
        DomainInfo d = domains.info(domid).orElseThrow();
        // xenconsoled drains the ring after the vCPU stopped: the last lines come a little later
        await(() -> text(console).contains("disktest: OK") || text(console).contains("disktest: FAIL"),
                "the guest's last line in the console log", console);
        String text = text(console);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), text);

        // the guest's view: every pass verified with no error, then the OK line
        assertFalse(text.contains("FAIL"), text);
        assertFalse(text.contains("ERROR"), text);
        Matcher ok = Pattern.compile("disktest: OK bytes=" + SIZE + " passes=(\\d+) verified=(\\d+) errors=0")
                .matcher(text);
        assertTrue(ok.find(), text);
        int passes = Integer.parseInt(ok.group(1));
        assertEquals((long) passes * SIZE, Long.parseLong(ok.group(2)), "every byte of every pass verified");
        Matcher pass = PASS_LINE.matcher(text);
        int seen = 0;
        while (pass.find()) {
            seen++;
            assertEquals(seen, Integer.parseInt(pass.group(1)), "pass lines in order");
            assertEquals(SIZE / 1024, Integer.parseInt(pass.group(2)));
            assertEquals(0, Integer.parseInt(pass.group(3)), "pass " + seen);
        }
        assertEquals(passes, seen, "one verified line per pass");
        assertTrue(passes >= UPDATES + SWAPS + 4, "at least one pass between swaps: " + passes);

        // blkback's view: no error status, one swap per backend change
        VbdMetrics last = vbd.metrics(domid, XVDA).orElse(metrics);
        assertEquals(0, last.errors(), last.toString());
        List<SwapRecord> swaps = metrics.swaps();
        assertEquals(UPDATES + 1 + SWAPS, swaps.size(), swaps.toString());
        for (SwapRecord sw : swaps) {
            assertNotEquals(0, sw.firstCompletionAfterNanos(), sw.toString());
            assertTrue(sw.resumedNanos() >= sw.suspendedNanos(), sw.toString());
        }

        long t0 = System.nanoTime();
        if (vbd.find(domid, XVDA).isPresent()) {
            vbd.detach(domid, XVDA);
        }
        long detachNanos = System.nanoTime() - t0;
        assertTrue(vbd.find(domid, XVDA).isEmpty());
        assertTrue(detachNanos < 5_000_000_000L,
                "detach of a device the guest already closed does not wait the control timeout: " + detachNanos / 1e6
                        + " ms");
        domains.destroy(domid);

        hook.unregister();
        report(root, swaps, events, updateNanos, swapCallNanos, kinds, moves, passes, detachNanos, noSwap);
        appendMicros(root, "warm-up of a new build, 2000 rounds (old build serving)",
                AB_WARMUP ? warmups.stream().skip(1).toList() : warmups, AB_WARMUP ? 2 : 1);
        appendMicros(root, "old disk close (mbb, blkback's unbind)", oldCloses, 1);

        // the image: qemu reads it as a VHD (it has no `check` for vpc) and it holds exactly the
        // last pass's pattern over SIZE, zeros (unallocated blocks) after
        String info = runOutput("qemu-img", "info", "--output=json", "-f", "vpc", img.toString());
        assertTrue(info.contains("\"format\": \"vpc\""), info);
        Path expected = dir.resolve("expected.raw");
        Files.write(expected, pattern(passes));
        run("qemu-img", "compare", "-q", "-f", "vpc", "-F", "raw", img.toString(), expected.toString());

    }

    // ------------------------------------------------------------------ the bundle builds

    private Optional<Bundle> bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    private static Version buildVersion(Version base, int build) {
        return new Version(base.getMajor(), base.getMinor(), base.getMicro(), String.format("hotswap%02d", build));
    }

    /** A new build of the bundle: the same classes, its own Bundle-Version and build header. */
    private static byte[] jar(BundleBuilds builds, Version v, int build) throws IOException {
        return builds.jar(v, BUILD_HEADER, Integer.toString(build));
    }

    private static void assertActiveBuild(Bundle b, Version v, int build) {
        assertEquals(Bundle.ACTIVE, b.getState(), "build " + build + " active");
        assertEquals(v, b.getVersion());
        assertEquals(v, b.adapt(BundleRevision.class).getVersion(), "the new revision is current");
        assertEquals(Integer.toString(build), b.getHeaders().get(BUILD_HEADER));
    }

    // ------------------------------------------------------------------ guest and device

    private static String text(Path console) {
        try {
            return Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Pass lines counted so far, read incrementally (the log grows by a line per pass). */
    private long consoleOffset;
    private int passLines;

    private int passes(Path console) {
        try (var ch = java.nio.channels.FileChannel.open(console)) {
            long size = ch.size();
            if (size > consoleOffset) {
                ByteBuffer b = ByteBuffer.allocate((int) (size - consoleOffset));
                while (b.hasRemaining() && ch.read(b, consoleOffset + b.position()) > 0) {
                    // fill
                }
                String chunk = new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
                int end = chunk.lastIndexOf('\n');
                if (end >= 0) {
                    Matcher m = PASS_LINE.matcher(chunk.substring(0, end + 1));
                    while (m.find()) {
                        passLines++;
                    }
                    consoleOffset += end + 1;
                }
            }
        } catch (IOException e) {
            // not created yet
        }
        return passLines;
    }

    private static boolean ended(DomainControl domains, int domid) {
        return domains.info(domid).map(i -> i.state() == DomainState.SHUTDOWN || i.state() == DomainState.DYING
                || i.state() == DomainState.DEAD).orElse(true);
    }

    private static VbdState state(VbdControl vbd, int domid) {
        return vbd.find(domid, XVDA).map(VbdInfo::state).orElse(VbdState.CLOSED);
    }

    private static int completedSwaps(VbdControl vbd, int domid) {
        return vbd.metrics(domid, XVDA).map(m -> (int) m.swaps().stream()
                .filter(s -> s.firstCompletionAfterNanos() != 0).count()).orElse(-1);
    }

    /**
     * Waits until the guest's next pass has I/O going (two more requests answered), so the
     * swap lands with requests in flight rather than in the guest's pause between passes.
     */
    private static void awaitInFlight(VbdControl vbd, int domid, Path console) throws InterruptedException {
        long answered = vbd.metrics(domid, XVDA).orElseThrow().requests();
        await(() -> vbd.metrics(domid, XVDA).map(m -> m.requests() >= answered + 2).orElse(true), "guest I/O",
                console);
    }

    /**
     * When the vhd {@code BlockBackend} service went away and came back (the framework's part
     * of a swap). A listener hook, because the framework calls hooks before it delivers the
     * event to any listener, SCR's (which binds and unbinds blkback) included.
     */
    private static final class BackendEvents implements EventListenerHook {
        final List<Long> unregistering = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> registered = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
            long now = System.nanoTime();
            ServiceReference<?> ref = event.getServiceReference();
            Object formats = ref.getProperty(BlockBackend.FORMATS_PROPERTY);
            boolean vhd = "vhd".equals(formats)
                    || formats instanceof String[] a && Arrays.asList(a).contains("vhd");
            if (!vhd || !Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS))
                    .contains(BlockBackend.class.getName())) {
                return;
            }
            if (event.getType() == ServiceEvent.REGISTERED) {
                registered.add(now);
            } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                unregistering.add(now);
            }
        }
    }

    private static void await(BooleanSupplier cond, String what, Path console) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; console:\n" + text(console));
            }
            Thread.sleep(1);
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        runOutput(cmd);
    }

    private static String runOutput(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    /**
     * disktest's sector pattern for {@code pass} over SIZE (docs/guest.md): word 0 = sector,
     * word 1 = pass << 32 | seed, words 2..63 = splitmix64 of (seed, pass, sector, word).
     */
    private static byte[] pattern(int pass) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (long sector = 0; sector < SIZE / 512; sector++) {
            b.putLong(sector);
            b.putLong(((long) pass << 32) | SEED);
            for (int w = 2; w < 64; w++) {
                long z = SEED ^ (pass * 0x9E3779B97F4A7C15L) ^ (sector * 0xBF58476D1CE4E5B9L) ^ w;
                z += 0x9E3779B97F4A7C15L;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                b.putLong(z ^ (z >>> 31));
            }
        }
        return b.array();
    }

    // ------------------------------------------------------------------ the figures

    private static void report(Path root, List<SwapRecord> swaps, BackendEvents events, List<Long> updateNanos,
            List<Long> swapCallNanos, List<String> mbbKinds, List<long[]> moves, int passes, long detachNanos,
            long[] noSwap) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# hot-swap under load: disktest (size=").append(SIZE).append(", ").append(WORKLOAD).append(") on a VHD, ")
                .append(UPDATES).append(" bundle updates + 1 uninstall/wait 500 ms/install + ").append(SWAPS)
                .append(AB_WARMUP ? " make-before-break swaps (hv:bundle-swap, draining; odd: new build's warm-up off,"
                        + " even: on); " : AB_NONE ? " make-before-break swaps (hv:bundle-swap as by default: new build"
                        + " warmed up, requests in flight drained on the old build); "
                        : " make-before-break swaps (hv:bundle-swap, new build warmed up; odd: park"
                        + " and replay the requests in flight, even: drain them on the old build); ")
                .append(passes).append(" passes, 0 errors; detach ").append(detachNanos / 1_000_000).append(" ms\n");
        sb.append("# times in us. blackout = first completion after - last completion before (SwapRecord; with a"
                + " drain the last completion before is the last drained answer) =\n"
                + "#   idle (last completion -> old service unregistering) + suspend (-> device stops taking requests)\n"
                + "#   + framework (-> new service registered; 0 for make-before-break: registered before)"
                + " + reopen (-> device resumed: drained or parked, old disk closed, new one opened)"
                + " + replay (-> first completion)\n"
                + "#   held = device stops taking requests -> resumed, independent of the guest's pauses;"
                + " stall = stops taking requests -> first completion after (the longest a request published"
                + " meanwhile can have waited, plus its own I/O)\n"
                + "#   make-before-break only (blkback's move line): drain = in-flight handled (drained, or parked at"
                + " once), close = old disk closed, open = opened on the new build and resumed, backlog = requests"
                + " waiting on the ring at the resume, n = requests drained, storage = the new build's open alone\n");
        sb.append("# swap kind blackout idle suspend framework reopen replay held stall parked call drain close open"
                + " backlog n storage\n");
        boolean paired = events.unregistering.size() >= swaps.size() && events.registered.size() >= swaps.size();
        Map<String, List<long[]>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < swaps.size(); i++) {
            SwapRecord s = swaps.get(i);
            int k = i - UPDATES - 1;
            String kind = i < UPDATES ? "update" : i == UPDATES ? "reinstall"
                    : k < mbbKinds.size() ? mbbKinds.get(k) : "mbb";
            boolean mbb = kind.startsWith("mbb");
            long[] move = mbb && k < moves.size() ? moves.get(k) : new long[7];
            long unreg = paired ? events.unregistering.get(i) : s.suspendedNanos();
            long reg = paired ? events.registered.get(i) : s.resumedNanos();
            long framework = mbb ? 0 : reg - s.suspendedNanos();
            long reopen = mbb ? s.resumedNanos() - s.suspendedNanos() : s.resumedNanos() - reg;
            long[] v = {s.blackoutNanos(), unreg - s.lastCompletionBeforeNanos(), s.suspendedNanos() - unreg,
                framework, reopen, s.firstCompletionAfterNanos() - s.resumedNanos(),
                s.resumedNanos() - s.suspendedNanos(), s.firstCompletionAfterNanos() - s.suspendedNanos(),
                move[2] * 1000, move[3] * 1000, move[4] * 1000, move[5], move[6] * 1000};
            long call = i < UPDATES ? updateNanos.get(i) : mbb && k < swapCallNanos.size() ? swapCallNanos.get(k) : -1000;
            sb.append(i + 1).append(' ').append(kind);
            for (int c = 0; c < 8; c++) {
                sb.append(' ').append(v[c] / 1000);
            }
            sb.append(' ').append(s.parkedRequests()).append(' ').append(call / 1000);
            if (mbb) {
                sb.append(' ').append(move[2]).append(' ').append(move[3]).append(' ').append(move[4]).append(' ')
                        .append(move[5]).append(' ').append(move[1]).append(' ').append(move[6]);
            }
            sb.append('\n');
            byKind.computeIfAbsent(kind, x -> new ArrayList<>()).add(v);
            if (mbb) {
                byKind.computeIfAbsent("mbb", x -> new ArrayList<>()).add(v);
            }
        }
        String[] names = {"blackout", "idle", "suspend", "framework", "reopen", "replay", "held", "stall", "drain",
            "close", "open"};
        for (String kind : List.of("update", "mbb", "mbb-cold", "mbb-warm", "mbb-park", "mbb-drain")) {
            List<long[]> rows = byKind.getOrDefault(kind, List.of());
            if (rows.isEmpty()) {
                continue;
            }
            for (int c = 0; c < (kind.equals("update") ? 8 : names.length); c++) {
                sb.append(summary(names[c] + " (" + kind + ")", column(rows, c)));
            }
            if (!kind.equals("update")) {
                sb.append(summary("storage open (" + kind + ")", column(rows, 12)));
                // replay split: the new build's I/O for requests that waited on the ring, or the guest's pause
                sb.append(summary("replay, backlog > 0 (" + kind + ")",
                        rows.stream().filter(r -> r[11] > 0).mapToLong(r -> r[5]).toArray()));
                sb.append(summary("replay, nothing waiting (" + kind + ")",
                        rows.stream().filter(r -> r[11] == 0).mapToLong(r -> r[5]).toArray()));
            }
        }
        sb.append(ratio("make-before-break / update, blackout", byKind.get("mbb"), byKind.get("update"), 0));
        sb.append(ratio("drain / park, blackout", byKind.get("mbb-drain"), byKind.get("mbb-park"), 0));
        sb.append(ratio("drain / park, held", byKind.get("mbb-drain"), byKind.get("mbb-park"), 6));
        sb.append(ratio("drain / park, stall", byKind.get("mbb-drain"), byKind.get("mbb-park"), 7));
        sb.append(ratio("warm / cold, blackout", byKind.get("mbb-warm"), byKind.get("mbb-cold"), 0));
        sb.append(summary("blackout (reinstall)", column(byKind.get("reinstall"), 0)));
        // the peer: the same workload's gap around an instant with no swap (NoSwapGaps)
        List<long[]> peer = Arrays.stream(noSwap).mapToObj(v -> new long[] {v}).toList();
        sb.append(summary("no swap: gap around a random instant", noSwap));
        sb.append(ratio("blackout (mbb-drain) / no swap", byKind.get("mbb-drain"), peer, 0));
        sb.append(ratio("blackout (mbb-park) / no swap", byKind.get("mbb-park"), peer, 0));
        Path file = root.resolve("itest/target/hotswap-blackouts.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        System.out.print(sb);
    }

    /** "ratio WHAT: median x, p99 y" of column {@code c} of two groups of rows, or nothing if one is empty. */
    private static String ratio(String what, List<long[]> a, List<long[]> b, int c) {
        long[] x = column(a, c);
        long[] y = column(b, c);
        if (x.length == 0 || y.length == 0) {
            return "";
        }
        Arrays.sort(x);
        Arrays.sort(y);
        return String.format(java.util.Locale.ROOT, "ratio %s: median %.2f, p99 %.2f%n", what,
                (double) rank(x, 50) / rank(y, 50), (double) rank(x, 99) / rank(y, 99));
    }

    /** Every match of {@code regex}'s {@code group} in {@code text}, as numbers. */
    private static List<Long> numbers(String text, String regex, int group) {
        List<Long> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(Long.parseLong(m.group(group)));
        }
        return out;
    }

    /** Appends a summary of microsecond values (every {@code step}-th, from the first) to the figures. */
    private static void appendMicros(Path root, String what, List<Long> micros, int step) throws IOException {
        List<Long> picked = new ArrayList<>();
        for (int i = 0; i < micros.size(); i += step) {
            picked.add(micros.get(i) * 1000);
        }
        String line = summary(what, picked.stream().mapToLong(Long::longValue).toArray());
        Files.writeString(root.resolve("itest/target/hotswap-blackouts.txt"), line, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        System.out.print(line);
    }

    private static long[] column(List<long[]> rows, int c) {
        if (rows == null) {
            return new long[0];
        }
        return rows.stream().mapToLong(r -> r[c]).toArray();
    }

    private static String workload() {
        String env = System.getenv("PARAVANE_HOTSWAP_WORKLOAD");
        if (env == null || env.isBlank()) {
            return "req=64K depth=4";
        }
        if (!env.strip().matches("req=\\d+[KkMm]? depth=\\d+( mode=(irq|poll|mixed))?")) {
            throw new IllegalArgumentException("PARAVANE_HOTSWAP_WORKLOAD=" + env
                    + ": 'req=SIZE depth=N [mode=irq|poll|mixed]', e.g. 'req=4K depth=16'");
        }
        return env.strip();
    }

    private static int rounds() {
        String env = System.getenv("PARAVANE_HOTSWAP_ROUNDS");
        if (env == null || env.isBlank()) {
            return 20;
        }
        int n = Integer.parseInt(env.strip());
        if (n < 20 || n > 1000) {
            throw new IllegalArgumentException("PARAVANE_HOTSWAP_ROUNDS=" + env + ": 20..1000 swaps per path");
        }
        return n;
    }

    /** min / median / p99 / max in microseconds (nearest rank). */
    private static String summary(String what, long[] nanos) {
        if (nanos.length == 0) {
            return String.format("%-36s n=0%n", what);
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("%-36s n=%d: min %d us, median %d us, p99 %d us, max %d us%n", what, s.length,
                s[0] / 1000, rank(s, 50) / 1000, rank(s, 99) / 1000, s[s.length - 1] / 1000);
    }

    private static long rank(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
