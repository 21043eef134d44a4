package org.paravane.core.xenbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.xenbus.XenbusFixture.VBD;
import static org.paravane.core.xenbus.XenbusFixture.await;
import static org.paravane.core.xenbus.XenbusFixture.awaitState;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.xenbus.XenbusState;
import org.paravane.core.xenbus.BackendHandshake.Action;

/**
 * The generic backend handshake in dom0 against a frontend played by guest 5 over its own
 * daemon connection (xen-abi-facts §5.4, §9.1-9.3).
 */
class BackendHandshakeTest {

    /** A device that records what the handshake asks of it. */
    static final class RecordingDevice implements BackendDevice {
        final List<Map<String, String>> connects = new CopyOnWriteArrayList<>();
        final AtomicInteger disconnects = new AtomicInteger();
        final CountDownLatch removed = new CountDownLatch(1);
        volatile boolean refuse;

        @Override
        public Map<String, String> features() {
            return Map.of("feature-flush-cache", "1", "max-ring-page-order", "0");
        }

        @Override
        public List<String> frontendKeys() {
            return List.of("ring-ref", "event-channel", "protocol");
        }

        @Override
        public Map<String, String> connect(Map<String, String> keys) throws XenbusDeviceException {
            if (refuse || !keys.containsKey("ring-ref")) {
                throw new XenbusDeviceException("no ring-ref from the frontend");
            }
            connects.add(keys);
            return Map.of("sectors", "2048", "info", "0", "sector-size", "512");
        }

        @Override
        public void disconnect() {
            disconnects.incrementAndGet();
        }

        @Override
        public void removed() {
            removed.countDown();
        }
    }

    XenbusFixture f;
    XenbusBackend be;
    XenbusFrontend fe;
    RecordingDevice device = new RecordingDevice();
    BackendHandshake hs;
    BlockingQueue<XenbusState> backendStates = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new XenbusFixture();
        be = XenbusBackend.create(f.dom0, VBD, Map.of(), Map.of("virtual-device", "51712"));
        fe = XenbusFrontend.attach(f.guest, VBD.frontendPath());
        fe.watchPeerState(backendStates::add);
        hs = new BackendHandshake(be, device);
        hs.start();
        await(backendStates, XenbusState.INIT_WAIT);
    }

    @AfterEach
    void tearDown() {
        hs.close();
        fe.close();
        f.close();
    }

    private void connect(String ring, String port) throws Exception {
        fe.publishAndInitialise(Map.of("ring-ref", ring, "event-channel", port, "protocol", "x86_64-abi"));
        await(backendStates, XenbusState.CONNECTED);
        assertEquals(Map.of("sectors", "2048", "sector-size", "512"), fe.readBackend(List.of("sectors", "sector-size")));
        fe.switchState(XenbusState.CONNECTED);
    }

    @Test
    void fullHandshakeBothSides() throws Exception {
        assertThrows(IllegalStateException.class, hs::start);
        assertEquals(Map.of("feature-flush-cache", "1"), fe.readBackend(List.of("feature-flush-cache")),
                "features published with InitWait");
        assertFalse(hs.connected());
        connect("8", "3");
        assertEquals(List.of(Map.of("ring-ref", "8", "event-channel", "3", "protocol", "x86_64-abi")), device.connects);
        assertTrue(hs.connected());
        assertEquals(XenbusState.CONNECTED, be.state());
        assertEquals(XenbusState.CONNECTED, be.peerState());
    }

    @Test
    void frontendGoingStraightToConnectedIsAccepted() throws Exception {
        fe.switchState(XenbusState.CONNECTED, Map.of("ring-ref", "5", "event-channel", "6"));
        await(backendStates, XenbusState.CONNECTED);
        assertEquals("5", device.connects.get(0).get("ring-ref"));
    }

    @Test
    void repeatedFiresDoNotReconnect() throws Exception {
        connect("8", "3");
        f.guest.write(fe.path() + "/state", "3"); // a stale Initialised while connected: ignored
        f.guest.write(fe.path() + "/state", "4");
        fe.switchState(XenbusState.CLOSING);
        await(backendStates, XenbusState.CLOSING); // the table is run in order, so the 3 and 4 were seen
        assertEquals(1, device.connects.size());
    }

    @Test
    void frontendClosesThenReconnectsFromInitialising() throws Exception {
        connect("8", "3");
        fe.switchState(XenbusState.CLOSING);
        await(backendStates, XenbusState.CLOSING);
        assertFalse(hs.connected());
        fe.switchState(XenbusState.CLOSED);
        await(backendStates, XenbusState.CLOSED);
        assertFalse(hs.removed(), "online is still 1: the device stays for a reconnect");
        // §9.3 frontend restart: the front goes back to 1, the back returns to 2.
        fe.switchState(XenbusState.INITIALISING);
        await(backendStates, XenbusState.INIT_WAIT);
        connect("9", "4");
        assertEquals(2, device.connects.size());
        assertEquals("9", device.connects.get(1).get("ring-ref"), "the new ring is used");
        assertTrue(device.disconnects.get() >= 2);
    }

    @Test
    void backendInitiatedCloseAndReconnect() throws Exception {
        connect("8", "3");
        hs.requestClose();
        await(backendStates, XenbusState.CLOSING);
        assertFalse(hs.connected());
        fe.switchState(XenbusState.CLOSED);
        await(backendStates, XenbusState.CLOSED);
        fe.switchState(XenbusState.INITIALISING);
        await(backendStates, XenbusState.INIT_WAIT);
        connect("10", "5");
        assertEquals(2, device.connects.size());
    }

    @Test
    void toolstackUnplugRemovesTheDeviceOnceTheFrontendClosed() throws Exception {
        connect("8", "3");
        // libxl's removal (§5.5): online=0 and Closing in one transaction.
        f.dom0.inTransaction(5, tx -> {
            tx.write(be.path() + "/online", "0");
            tx.write(be.path() + "/state", "5");
            return null;
        });
        await(backendStates, XenbusState.CLOSING);
        fe.switchState(XenbusState.CLOSED);
        assertTrue(device.removed.await(10, TimeUnit.SECONDS), "device removed");
        assertTrue(hs.removed());
        assertFalse(hs.connected());
        assertEquals(XenbusState.CLOSED, be.state());
    }

    @Test
    void refusedConnectWritesErrorAndCloses() throws Exception {
        device.refuse = true;
        fe.publishAndInitialise(Map.of("ring-ref", "8", "event-channel", "3"));
        await(backendStates, XenbusState.CLOSING);
        assertEquals(Map.of("error", "no ring-ref from the frontend"), be.readKeys(List.of("error")));
        assertTrue(device.connects.isEmpty());
    }

    @Test
    void vanishedFrontendRemovesTheDevice() throws Exception {
        connect("8", "3");
        f.dom0.rm(fe.path());
        assertTrue(device.removed.await(10, TimeUnit.SECONDS), "device removed");
        awaitState(be, XenbusState.CLOSED);
    }

    @Test
    void garbageFrontendStateIsUnknownAndUnplugsLikeAVanishedFrontend() throws Exception {
        connect("8", "3");
        f.guest.write(fe.path() + "/state", "connected!");
        assertTrue(device.removed.await(10, TimeUnit.SECONDS), "device removed");
        assertEquals(XenbusState.CLOSED, be.state());
        assertTrue(be.garbageStates() >= 1);
        // The daemon and dom0 carry on.
        assertEquals("Domain-0", f.dom0.readString("/local/domain/0/name"));
    }

    @Test
    void everyTableActionIsALegalTransition() {
        int acting = 0;
        for (XenbusState front : XenbusState.values()) {
            for (XenbusState back : XenbusState.values()) {
                Action a = BackendHandshake.actionFor(front, back);
                XenbusState target = switch (a) {
                    case NONE -> back;
                    case REOPEN -> XenbusState.INIT_WAIT;
                    case CONNECT -> XenbusState.CONNECTED;
                    case CLOSE -> XenbusState.CLOSING;
                    case CLOSED, GONE -> XenbusState.CLOSED;
                };
                assertTrue(XenbusState.canTransition(back, target), front + "/" + back + " -> " + a);
                acting += a == Action.NONE ? 0 : 1;
            }
        }
        assertEquals(Action.REOPEN, BackendHandshake.actionFor(XenbusState.INITIALISING, XenbusState.CLOSED));
        assertEquals(Action.NONE, BackendHandshake.actionFor(XenbusState.INITIALISING, XenbusState.CONNECTED));
        assertEquals(Action.CONNECT, BackendHandshake.actionFor(XenbusState.INITIALISED, XenbusState.INIT_WAIT));
        assertEquals(Action.NONE, BackendHandshake.actionFor(XenbusState.INITIALISED, XenbusState.CONNECTED));
        assertEquals(Action.CLOSE, BackendHandshake.actionFor(XenbusState.CLOSING, XenbusState.CONNECTED));
        assertEquals(Action.CLOSED, BackendHandshake.actionFor(XenbusState.CLOSED, XenbusState.CLOSING));
        assertEquals(Action.GONE, BackendHandshake.actionFor(XenbusState.UNKNOWN, XenbusState.CONNECTED));
        assertEquals(1 + 2 + 5 + 8 + 8, acting, "pairs with an action");
        assertThrows(UnsupportedOperationException.class,
                () -> BackendHandshake.TABLE.get(XenbusState.CLOSED).put(XenbusState.CLOSED, Action.NONE));
    }
}
