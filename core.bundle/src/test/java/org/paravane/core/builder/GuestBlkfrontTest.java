package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.StoreRingLink;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * The guest's C blkfront and the {@code disktest} program (guest/src/blkfront.c,
 * disktest.c) on the real RISC-V engine, real xenstored (over the guest's ring), real
 * event channels and grant tables, against {@link ScriptedBlkback}: the handshake with
 * multi-page rings and indirect requests, the single-page / direct path with polling, the
 * disk's final content (the last pass's pattern in every sector, computed here
 * independently), and a backend that answers with an invented request id.
 */
class GuestBlkfrontTest {

    private static final int DEVID = 51712; // xvda: 202 << 8

    private final Hypervisor hv = new Hypervisor(new HypervisorConfig(128L << 20, 2, 100_000));
    private final XenStoreDaemon daemon = new XenStoreDaemon(Quotas.defaults());
    private final LocalXenStore dom0Store = new LocalXenStore(daemon);
    private final ExecutorService flusher = Executors.newSingleThreadExecutor();
    private ScriptedBlkback backend;

    @AfterEach
    void close() throws Exception {
        if (backend != null) {
            backend.close();
        }
        hv.close();
        dom0Store.close();
        flusher.shutdownNow();
    }

    /** Builds disktest with its xenstore ring served by xenstored and a vbd offered by the backend. */
    private Domain boot(String cmdline, int sectors, ScriptedBlkback.Offer offer) throws Exception {
        Domain d = start(cmdline, sectors, offer);
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

    private Domain start(String cmdline, int sectors, ScriptedBlkback.Offer offer) throws Exception {
        hv.setEngine(new RiscvEngine());
        BootInfo info = new DomainBuilder(hv.domains(), hv.events()).create(DomainConfig.of("disk", 16 * 1024, 1),
                "disktest.elf", GuestImages.read("disktest"), cmdline);
        Domain d = hv.domains().require(info.domid());
        String home = "/local/domain/" + d.domid();
        dom0Store.mkdir(home);
        dom0Store.setPerms(home, NodePerms.of(d.domid(), Access.NONE));
        long storeGpa = info.layout().storePfn() * BootLayout.PAGE;
        MemorySegment page = d.memory().ram().asSlice(storeGpa - d.memory().ramBase(), BootLayout.PAGE);
        var dom0 = hv.dom0EventChannels();
        StoreRingLink.connect(page, daemon, d.domid(), info.storePort(), dom0, flusher);
        backend = new ScriptedBlkback(dom0Store, dom0, hv.dom0Grants(), d.domid(), DEVID, sectors, offer);
        hv.domains().unpause(d.domid());
        return d;
    }

    private static String console(Domain d) {
        return new String(d.console().contents(), StandardCharsets.US_ASCII);
    }

    @Test
    void disktestOverAMultiPageRingWithIndirectRequests() throws Exception {
        Domain d = boot("disktest size=1M passes=2 seed=7 req=128K depth=4 mode=mixed discard=64K", 2048 + 64,
                ScriptedBlkback.Offer.of(2, 64, true, true));
        String out = console(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), out);
        assertTrue(out.contains("disktest: OK bytes=1048576 passes=2 verified=" + (2 * 1048576 + 65536)
                + " errors=0 write_MBps="), out);
        assertTrue(out.contains("ring 4 page(s) / 128 slots"), out);
        assertTrue(out.contains("segments per request 64"), out);
        assertTrue(out.contains("disktest: discarded 65536 bytes, rewrote and verified them"), out);
        assertEquals("[]", backend.problems.toString());
        assertEquals("riscv64-abi", backend.protocol);
        assertEquals(4, backend.ringPages);
        // 128 KiB requests over 64-segment indirect descriptors: 256 KiB per request at most
        assertTrue(backend.indirect.get() > 0, "no indirect request");
        assertEquals(32, backend.maxSegments.get());
        assertEquals(3, backend.flushes.get()); // after each pass's writes and after the rewrite
        assertEquals(1, backend.discards.get());
        // the guest closed the device (Closing, Closed) before powering off; the backend follows
        assertTrue(TestWait.until(() -> backend.finalBackState == 6), "backend state " + backend.finalBackState);
        DisktestPattern.assertHolds(backend.disk, 2048, 7, 2);
        // the sectors beyond size= were never written
        for (int i = 2048 * 512; i < backend.disk.length; i++) {
            assertEquals(0, backend.disk[i], "byte " + i);
        }
        printRates(out);
    }

    @Test
    void disktestOverOnePageRingWithDirectRequestsByPolling() throws Exception {
        Domain d = boot("disktest size=512K passes=1 seed=3 req=64K mode=poll discard=0", 1024,
                ScriptedBlkback.Offer.of(0, 0, true, false));
        String out = console(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), out);
        // 64 KiB is more than 11 segments: disktest lowers its request size to 44 KiB
        assertTrue(out.contains("disktest: 524288 bytes, 1 pass(es), seed 3, 45056-byte requests"), out);
        assertTrue(out.contains("disktest: OK bytes=524288 passes=1 verified=524288 errors=0"), out);
        assertTrue(out.contains("ring 1 page(s) / 32 slots"), out);
        assertEquals("[]", backend.problems.toString());
        assertEquals(1, backend.ringPages);
        assertEquals(0, backend.indirect.get());
        assertEquals(Integer.valueOf(11), backend.maxSegments.get());
        assertEquals(0, backend.discards.get());
        DisktestPattern.assertHolds(backend.disk, 1024, 3, 1);
    }

    /** passes=0 runs until control/shutdown appears, one line per pass, then closes cleanly. */
    @Test
    void loopModeRunsUntilControlShutdownIsWritten() throws Exception {
        Domain d = start("disktest size=128K passes=0 seed=9 discard=0", 256,
                ScriptedBlkback.Offer.of(1, 0, true, false));
        long end = System.nanoTime() + 120_000_000_000L;
        while (!console(d).contains("disktest: pass 3:") && d.state() != DomainState.SHUTDOWN
                && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(console(d).contains("disktest: pass 3:"), console(d));
        assertTrue(console(d).contains("(until control/shutdown)"), console(d));
        // still alive: RUNNING, or BLOCKED while it waits for a response (both are fine)
        assertNotEquals(DomainState.SHUTDOWN, d.state(), console(d));
        dom0Store.write("/local/domain/" + d.domid() + "/control/shutdown", "poweroff");
        awaitShutdown(d);
        String out = console(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), out);
        Matcher m = Pattern.compile("disktest: OK bytes=131072 passes=(\\d+) verified=(\\d+) errors=0").matcher(out);
        assertTrue(m.find(), out);
        int passes = Integer.parseInt(m.group(1));
        assertTrue(passes >= 3, out);
        assertEquals(passes * 131072L, Long.parseLong(m.group(2)));
        // one progress line per pass, and the disk holds the last one
        assertEquals(passes, out.split("disktest: pass ", -1).length - 1, out);
        DisktestPattern.assertHolds(backend.disk, 256, 9, passes);
        assertEquals("[]", backend.problems.toString());
        assertTrue(TestWait.until(() -> backend.finalBackState == 6), "backend state " + backend.finalBackState);
    }

    /** A write the backend acknowledged but lost: pass 2 reads pass 1's sector back. */
    @Test
    void aLostWriteIsReportedWithTheSectorsStaleContent() throws Exception {
        Domain d = boot("disktest size=64K passes=2 seed=4 mode=irq discard=0", 256,
                new ScriptedBlkback.Offer(0, 0, true, false, false, 77));
        String out = console(d);
        assertEquals(ShutdownReason.CRASH, d.shutdownReason(), out);
        // word 1 holds pass << 32 | seed: the first word that differs
        assertTrue(out.contains("disktest: ERROR sector 77 byte 8: expected 0x200000004 got 0x100000004 "
                + "(the sector holds sector 77 pass 1 seed 4; expected sector 77 pass 2 seed 4)"), out);
        assertTrue(out.contains("disktest: pass 2: wrote 64 KiB"), out);
        assertTrue(out.contains("errors 1"), out);
        assertTrue(out.contains("disktest: FAIL bytes=65536 passes=2 verified=131072 errors=1"), out);
        assertEquals(1, out.split("disktest: ERROR", -1).length - 1, out);
    }

    @Test
    void aResponseWithAnInventedIdStopsTheDeviceAndFailsDisktest() throws Exception {
        Domain d = boot("disktest size=64K passes=1 mode=irq discard=0", 256,
                new ScriptedBlkback.Offer(0, 0, true, false, true, -1));
        String out = console(d);
        assertEquals(ShutdownReason.CRASH, d.shutdownReason(), out);
        assertTrue(out.contains("broke the protocol: response id out of range (0xf4240"), out);
        assertTrue(out.contains("disktest: FAIL bytes=65536"), out);
    }

    @Test
    void theJavaPatternMatchesTheGuestsKnownValues() {
        // the same values guest/test/hosttest.c checks pattern.c against
        assertEquals(0xbeeb8da1658eec67L, DisktestPattern.word(1, 1, 0, 2));
        assertEquals(0xa0d062e52bf8db76L, DisktestPattern.word(7, 3, 12345, 63));
    }

    private static void printRates(String out) {
        Matcher m = Pattern.compile("disktest: OK .*write_MBps=(\\S+) read_MBps=(\\S+)").matcher(out);
        if (m.find()) {
            System.out.println("disktest (scripted backend): write " + m.group(1) + " MB/s, read " + m.group(2)
                    + " MB/s");
        }
    }
}
