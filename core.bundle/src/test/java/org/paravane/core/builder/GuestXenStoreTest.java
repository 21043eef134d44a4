package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * The guest's C xenstore client against the real xenstored (branch xenstore's
 * {@link XenStoreDaemon} and {@link RingTransport}) over the ring page and event channel the
 * builder set up: write, read, directory, a transaction and a watch, from inside the guest.
 * The wiring here (dom0 binds the store port; events kick the transport; its output is
 * flushed on a worker) is what a xenstored component will do once domains are introduced.
 */
class GuestXenStoreTest {

    private final Hypervisor hv = new Hypervisor(new HypervisorConfig(64L << 20, 2, 100_000));
    private final XenStoreDaemon daemon = new XenStoreDaemon(Quotas.defaults());
    private final LocalXenStore dom0Store = new LocalXenStore(daemon);
    private final ExecutorService flusher = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        hv.close();
        dom0Store.close();
        flusher.shutdownNow();
    }

    @Test
    void theGuestClientTalksToXenstoredOverItsRing() throws Exception {
        hv.setEngine(new RiscvEngine());
        BootInfo info = new DomainBuilder(hv.domains(), hv.events()).create(DomainConfig.of("xs", 4096, 1),
                "xenstore-test.elf", GuestImages.read("xenstore-test"), "xenstore-test");
        Domain d = hv.domains().require(info.domid());
        String home = "/local/domain/" + d.domid();
        dom0Store.mkdir(home);
        dom0Store.setPerms(home, NodePerms.of(d.domid(), Access.NONE)); // the guest owns its home here

        long storeGpa = info.layout().storePfn() * BootLayout.PAGE;
        MemorySegment page = d.memory().ram().asSlice(storeGpa - d.memory().ramBase(), BootLayout.PAGE);
        StoreRingLink store = StoreRingLink.connect(page, daemon, d.domid(), info.storePort(),
                hv.dom0EventChannels(), flusher);

        hv.domains().unpause(d.domid());
        long end = System.nanoTime() + 60_000_000_000L;
        while (d.state() != DomainState.SHUTDOWN && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        String console = new String(d.console().contents(), StandardCharsets.US_ASCII);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), console);
        assertFalse(store.ring().failed());
        assertTrue(console.contains("xenstore-test: read data/greeting = hello"), console);
        assertTrue(console.contains("xenstore-test: directory data has "), console);
        assertTrue(console.contains("first greeting"), console);
        assertTrue(console.matches("(?s).*xenstore-test: transaction \\d+ committed.*"), console);
        assertTrue(console.contains("xenstore-test: watch fired for data/tx token tok"), console);
        // the guest's writes are in the store, at paths relative to its home (facts §8.8)
        assertEquals("hello", dom0Store.readString(home + "/data/greeting"));
        assertEquals("1", dom0Store.readString(home + "/data/tx"));
    }
}
