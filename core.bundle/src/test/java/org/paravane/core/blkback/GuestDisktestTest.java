package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.core.builder.BootInfo;
import org.paravane.core.builder.BootLayout;
import org.paravane.core.builder.DisktestPattern;
import org.paravane.core.builder.DomainBuilder;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.StoreRingLink;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * End to end: the committed {@code disktest} guest (guest/images/disktest.elf, C blkfront)
 * on the real RISC-V engine, with a raw file attached through {@link VbdManager} (blkback),
 * the real xenstored over the guest's ring, and dom0's real event channels and grant
 * tables. The guest must print its OK line and power off, and the file must hold the last
 * pass's pattern in every sector it tested (checked here independently of the guest).
 */
class GuestDisktestTest {

    /*
     * The defaults, but a 2 s control timeout. The guest closes its device itself before it
     * powers off; VbdManager.detach now removes such a device at once (DetachClosedDeviceTest)
     * instead of waiting the whole timeout for a Closed transition that already happened.
     */
    private static final BlkbackConfig CONFIG = new BlkbackConfig(Duration.ofSeconds(30), 4, 256,
            Duration.ofSeconds(2));

    @TempDir
    Path tmp;

    private final Hypervisor hv = new Hypervisor(new HypervisorConfig(128L << 20, 2, 100_000));
    private final XenStoreDaemon daemon = new XenStoreDaemon(Quotas.defaults());
    private final LocalXenStore store = new LocalXenStore(daemon);
    private final ExecutorService flusher = Executors.newSingleThreadExecutor();
    private VbdManager manager;

    @AfterEach
    void close() throws Exception {
        if (manager != null) {
            manager.close();
        }
        hv.close();
        store.close();
        flusher.shutdownNow();
    }

    private static byte[] image(String program) throws Exception {
        Path root = Path.of(System.getProperty("paravane.root", "..")).toAbsolutePath().normalize();
        return Files.readAllBytes(root.resolve("guest/images/" + program + ".elf"));
    }

    /** Builds the guest paused, serves its xenstore ring, attaches the file, runs it to shutdown. */
    private Domain run(Path disk, String cmdline) throws Exception {
        Domain d = start(disk, cmdline);
        awaitShutdown(d);
        return d;
    }

    private static void awaitShutdown(Domain d) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        while (d.state() != DomainState.SHUTDOWN && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(DomainState.SHUTDOWN, d.state(), () -> "still running; console:\n" + console(d));
    }

    private FileBackend backend;

    private Domain start(Path disk, String cmdline) throws Exception {
        hv.setEngine(new RiscvEngine());
        Dom0Layout.populate(store);
        manager = new VbdManager(store, hv.dom0EventChannels(), hv.dom0Grants(), CONFIG);
        backend = new FileBackend(true);
        manager.addBackend(backend, List.of("raw"));
        BootInfo info = new DomainBuilder(hv.domains(), hv.events()).create(DomainConfig.of("disktest", 16 * 1024, 1),
                "disktest.elf", image("disktest"), cmdline);
        Domain d = hv.domains().require(info.domid());
        String home = "/local/domain/" + d.domid();
        store.mkdir(home);
        store.setPerms(home, NodePerms.of(d.domid(), Access.NONE));
        MemorySegment page = d.memory().ram().asSlice(info.layout().storePfn() * BootLayout.PAGE
                - d.memory().ramBase(), BootLayout.PAGE);
        StoreRingLink.connect(page, daemon, d.domid(), info.storePort(), hv.dom0EventChannels(), flusher);
        manager.attach(d.domid(), BlkRig.spec(disk, 'a', false));
        hv.domains().unpause(d.domid());
        return d;
    }

    private static String console(Domain d) {
        return new String(d.console().contents(), StandardCharsets.US_ASCII);
    }

    private Path rawImage(String name, long bytes) throws Exception {
        Path p = tmp.resolve(name);
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(bytes);
            ch.write(java.nio.ByteBuffer.allocate(1), bytes - 1);
        }
        return p;
    }

    @Test
    void disktestOnARawFileThroughBlkback() throws Exception {
        Path img = rawImage("disk.img", 4L << 20);
        Domain d = run(img, "disktest size=2M passes=2 seed=11 req=256K depth=4 mode=mixed discard=128K");
        String out = console(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), out);
        Matcher ok = Pattern.compile("disktest: OK bytes=2097152 passes=2 verified=(\\d+) errors=0 "
                + "write_MBps=(\\S+) read_MBps=(\\S+)").matcher(out);
        assertTrue(ok.find(), out);
        assertEquals(2 * 2097152 + 131072, Long.parseLong(ok.group(1)));
        assertTrue(out.contains("disktest: discarded 131072 bytes, rewrote and verified them"), out);
        assertTrue(out.contains("closed (backend "), out);
        byte[] file = Files.readAllBytes(img);
        assertEquals(4 << 20, file.length);
        DisktestPattern.assertHolds(file, 4096, 11, 2);
        for (int i = 2 << 20; i < file.length; i++) {
            assertEquals(0, file[i], "byte " + i + " beyond size= was written");
        }
        System.out.println("disktest via blkback: write " + ok.group(2) + " MB/s, read " + ok.group(3) + " MB/s");
    }

    @Test
    void disktestWithOnePageRingByPolling() throws Exception {
        Path img = rawImage("small.img", 1L << 20);
        Domain d = run(img, "disktest passes=1 seed=5 req=44K mode=poll ring-order=0 discard=0");
        String out = console(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), out);
        assertTrue(out.contains("ring 1 page(s) / 32 slots"), out);
        assertTrue(out.contains("disktest: OK bytes=1048576 passes=1 verified=1048576 errors=0"), out);
        DisktestPattern.assertHolds(Files.readAllBytes(img), 2048, 5, 1);
    }

    /**
     * The hot-swap protocol seen from a guest: disktest loops (passes=0) while the raw
     * backend is removed and a new one bound 10 times; the guest sees no error, every byte
     * verifies, and the file holds the last pass. Blackouts are printed, not asserted.
     */
    @Test
    void disktestSeesNoErrorAcrossBackendSwaps() throws Exception {
        Path img = rawImage("swap.img", 1L << 20);
        Domain d = start(img, "disktest passes=0 seed=21 req=64K depth=4 mode=mixed discard=0");
        int devid = BlkRig.devid('a');
        BlkRig.await(() -> manager.device(d.domid(), devid).isPresent() && console(d).contains("disktest: pass 1:")
                || d.state() == DomainState.SHUTDOWN, "the first pass");
        VbdDevice dev = manager.device(d.domid(), devid).orElseThrow();
        FileBackend current = backend;
        for (int swap = 0; swap < 10; swap++) {
            long before = dev.metrics().requests();
            BlkRig.await(() -> dev.metrics().requests() > before + 8 || d.state() == DomainState.SHUTDOWN, "progress");
            manager.removeBackend(current);
            current = new FileBackend(true);
            manager.addBackend(current, List.of("raw"));
        }
        long before = dev.metrics().requests();
        BlkRig.await(() -> dev.metrics().requests() > before + 8 || d.state() == DomainState.SHUTDOWN, "progress");
        store.write("/local/domain/" + d.domid() + "/control/shutdown", "poweroff");
        awaitShutdown(d);
        String out = console(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), out);
        Matcher ok = Pattern.compile("disktest: OK bytes=1048576 passes=(\\d+) verified=(\\d+) errors=0").matcher(out);
        assertTrue(ok.find(), out);
        int passes = Integer.parseInt(ok.group(1));
        assertEquals(passes * 1048576L, Long.parseLong(ok.group(2)));
        assertEquals(0, dev.metrics().errors());
        var swaps = dev.metrics().swaps();
        assertEquals(10, swaps.size(), swaps.toString());
        DisktestPattern.assertHolds(Files.readAllBytes(img), 2048, 21, passes);
        long[] blackoutsUs = swaps.stream().mapToLong(sw -> sw.blackoutNanos() / 1000).sorted().toArray();
        System.out.println("disktest across 10 backend swaps: " + passes + " passes, blackouts (us) "
                + java.util.Arrays.toString(blackoutsUs));
    }
}
