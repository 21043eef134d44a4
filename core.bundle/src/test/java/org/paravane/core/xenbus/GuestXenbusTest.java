package org.paravane.core.xenbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;
import org.paravane.core.builder.BootInfo;
import org.paravane.core.builder.BootLayout;
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
 * The guest's C xenbus layer (guest/src/xenbus.c, program xenbus-test) as a frontend against
 * a dom0 backend played by this library ({@link XenbusBackend} + {@link BackendHandshake}) over
 * the real xenstored ring: the guest must reach Connected (facts §9.1) and then Closed after
 * the shutdown of §9.2, with the backend following it through the shared transition table.
 */
class GuestXenbusTest {

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

    /** A backend that publishes one feature, wants ring-ref and answers with a size. */
    private static final class TestDevice implements BackendDevice {
        final List<Map<String, String>> connects = Collections.synchronizedList(new ArrayList<>());
        volatile int disconnects;

        @Override
        public Map<String, String> features() {
            return Map.of("feature-test", "7");
        }

        @Override
        public List<String> frontendKeys() {
            return List.of("ring-ref");
        }

        @Override
        public Map<String, String> connect(Map<String, String> keys) throws XenbusDeviceException {
            connects.add(Map.copyOf(keys));
            if (!"8".equals(keys.get("ring-ref"))) {
                throw new XenbusDeviceException("bad ring-ref " + keys.get("ring-ref"));
            }
            return Map.of("sectors", "42");
        }

        @Override
        public void disconnect() {
            disconnects++;
        }
    }

    private static byte[] image(String name) throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("guest/images"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("guest/images not found above " + Path.of("").toAbsolutePath());
        }
        return Files.readAllBytes(p.resolve("guest/images/" + name + ".elf"));
    }

    @Test
    void theGuestFrontendReachesConnectedAndThenClosed() throws Exception {
        hv.setEngine(new RiscvEngine());
        BootInfo info = new DomainBuilder(hv.domains(), hv.events()).create(DomainConfig.of("xb", 4096, 1),
                "xenbus-test.elf", image("xenbus-test"), "xenbus-test");
        Domain d = hv.domains().require(info.domid());
        Dom0Layout.populate(dom0Store);
        Dom0Layout.createDomainHome(dom0Store, d.domid(), "xb");

        DevicePaths paths = DevicePaths.inDom0("vtest", d.domid(), 0);
        XenbusBackend backend = XenbusBackend.create(dom0Store, paths, Map.of(), Map.of());
        List<String> frontendStates = Collections.synchronizedList(new ArrayList<>());
        dom0Store.watch(paths.frontendPath() + "/state", "fe",
                (path, token) -> {
                    try {
                        frontendStates.add(dom0Store.readString(paths.frontendPath() + "/state"));
                    } catch (XsException e) {
                        frontendStates.add(e.error().name());
                    }
                });
        TestDevice device = new TestDevice();
        BackendHandshake handshake = new BackendHandshake(backend, device);
        handshake.start();

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
        assertTrue(console.contains("xenbus-test: device/vtest/0 backend " + paths.backendPath() + " (dom0)"), console);
        assertTrue(console.contains("xenbus-test: backend InitWait, feature-test 7"), console);
        assertTrue(console.contains("xenbus-test: connected, sectors 42, state Connected"), console);
        assertTrue(console.contains("xenbus-test: closed, backend Closed"), console);

        // The backend saw the frontend's key once, connected, and followed it down to Closed.
        assertEquals(List.of(Map.of("ring-ref", "8")), device.connects);
        assertEquals(XenbusState.CLOSED, backend.state());
        assertEquals(String.valueOf(XenbusState.CLOSED.value()), dom0Store.readString(paths.frontendPath() + "/state"));
        assertTrue(device.disconnects > 0);
        // The frontend's own states as dom0's watch saw them. Each fire re-reads the node, so a
        // state the guest leaves quickly (Connected, when Closing follows at once) may be seen
        // only as its successor; the guest's console above proves it reached Connected. What
        // dom0 must see: the states never go back, something at or past Connected, then Closed.
        List<String> seen = new ArrayList<>(frontendStates);
        // The watch's first fire may come before the guest wrote the node (an error name).
        List<Integer> values = seen.stream().dropWhile(v -> !v.matches("[0-9]+")).map(Integer::valueOf).toList();
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) >= values.get(i - 1), "frontend states went back: " + seen);
        }
        int pastConnected = values.indexOf(values.stream().filter(v -> v >= 4 && v < 6).findFirst().orElse(-1));
        assertTrue(pastConnected >= 0 && values.getLast() == 6, "frontend states seen: " + seen);
        handshake.close();
    }
}
