package org.paravane.core.xenbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.xenbus.XenbusFixture.GUEST;
import static org.paravane.core.xenbus.XenbusFixture.VBD;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;

/** The backend and frontend helpers against the real daemon, the frontend as guest 5. */
class XenbusEndTest {

    XenbusFixture f;
    XenbusBackend be;
    XenbusFrontend fe;

    @BeforeEach
    void setUp() throws Exception {
        f = new XenbusFixture();
        be = XenbusBackend.create(f.dom0, VBD, Map.of("mode", "w", "type", "file"),
                Map.of("virtual-device", "51712", "device-type", "disk"));
        fe = XenbusFrontend.attach(f.guest, VBD.frontendPath());
    }

    @AfterEach
    void tearDown() {
        be.close();
        fe.close();
        f.close();
    }

    @Test
    void createWritesTheStandardLayoutWithXensPermissions() throws Exception {
        String bp = "/local/domain/0/backend/vbd/5/51712";
        String fp = "/local/domain/5/device/vbd/51712";
        assertEquals(bp, be.path());
        assertEquals(fp, be.peerPath());
        assertEquals(Map.of("frontend", fp, "frontend-id", "5", "online", "1", "state", "1", "mode", "w"),
                be.readKeys(List.of("frontend", "frontend-id", "online", "state", "mode")));
        assertEquals(Map.of("backend", bp, "backend-id", "0", "state", "1", "virtual-device", "51712"),
                fe.readKeys(List.of("backend", "backend-id", "state", "virtual-device")));
        NodePerms backendPerms = new NodePerms(List.of(new Permission(Access.NONE, 0), new Permission(Access.READ, GUEST)));
        NodePerms frontendPerms = new NodePerms(List.of(new Permission(Access.NONE, GUEST), new Permission(Access.READ, 0)));
        assertEquals(backendPerms, f.dom0.getPerms(bp));
        assertEquals(backendPerms, f.dom0.getPerms(bp + "/state"), "keys inherit the directory's list");
        assertEquals(frontendPerms, f.dom0.getPerms(fp));
        assertEquals(frontendPerms, f.dom0.getPerms(fp + "/backend"));
        assertEquals(bp, fe.peerPath(), "the frontend found its backend through its own backend key");
        assertTrue(be.online());
    }

    @Test
    void frontendDomainCannotWriteTheBackendDirectory() throws Exception {
        String bp = be.path();
        assertEquals("1", f.guest.readString(bp + "/state"), "the guest may read the backend");
        for (String node : List.of(bp + "/state", bp + "/online", bp + "/new-key")) {
            XsException e = assertThrows(XsException.class, () -> f.guest.write(node, "4"));
            assertEquals(XsError.EACCES, e.error(), node);
        }
        assertEquals(XsError.EACCES, assertThrows(XsException.class, () -> f.guest.rm(bp)).error());
        assertEquals(XsError.EACCES, assertThrows(XsException.class,
                () -> f.guest.setPerms(bp, NodePerms.of(GUEST, Access.BOTH))).error());
        // Nor through the helper: a backend object built over the guest's connection fails too.
        XenbusBackend forged = XenbusBackend.attach(f.guest, VBD);
        assertEquals(XsError.EACCES, assertThrows(XsException.class,
                () -> forged.switchState(XenbusState.INIT_WAIT)).error());
        assertEquals(XenbusState.INITIALISING, be.state());
        // The guest writes its own directory.
        fe.writeKeys(Map.of("ring-ref", "8", "event-channel", "3"));
        assertEquals(Map.of("ring-ref", "8", "event-channel", "3"), be.readPeerKeys(List.of("ring-ref", "event-channel")));
        // Another guest sees neither directory.
        try (LocalXenStore other = new LocalXenStore(f.daemon, 7)) {
            assertEquals(XsError.EACCES, assertThrows(XsException.class, () -> other.read(bp + "/state")).error());
            assertEquals(XsError.EACCES, assertThrows(XsException.class,
                    () -> other.read(VBD.frontendPath() + "/state")).error());
        }
    }

    @Test
    void illegalTransitionIsRefusedNamingBothStates() throws Exception {
        be.switchState(XenbusState.INIT_WAIT);
        be.switchState(XenbusState.CONNECTED);
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> be.switchState(XenbusState.INIT_WAIT));
        assertEquals(XenbusState.CONNECTED, e.from());
        assertEquals(XenbusState.INIT_WAIT, e.to());
        assertTrue(e.getMessage().contains("CONNECTED") && e.getMessage().contains("INIT_WAIT"), e.getMessage());
        assertEquals(XenbusState.CONNECTED, be.state(), "nothing written");
        assertEquals(XenbusState.CONNECTED, be.switchState(XenbusState.CONNECTED), "rewriting is allowed");
        assertThrows(IllegalTransitionException.class, () -> fe.switchState(XenbusState.RECONFIGURED));
        assertEquals(XenbusState.INITIALISING, fe.state());
    }

    @Test
    void switchStateChecksTheStoredStateNotACachedOne() throws Exception {
        be.switchState(XenbusState.INIT_WAIT);
        f.dom0.write(be.path() + "/state", "5"); // the toolstack unplugs (§5.5)
        assertThrows(IllegalTransitionException.class, () -> be.switchState(XenbusState.CONNECTED));
        assertEquals(XenbusState.CLOSING, be.switchState(XenbusState.CLOSED));
    }

    @Test
    void stateAndKeysArePublishedTogether() throws Exception {
        fe.publishAndInitialise(Map.of("ring-ref", "12", "event-channel", "9", "protocol", "x86_64-abi"));
        assertEquals(Map.of("state", "3", "ring-ref", "12", "event-channel", "9", "protocol", "x86_64-abi"),
                be.readPeerKeys(List.of("state", "ring-ref", "event-channel", "protocol", "missing")));
        assertThrows(IllegalArgumentException.class, () -> be.writeKeys(Map.of("state", "4")));
        assertThrows(IllegalArgumentException.class, () -> be.writeKeys(Map.of("/abs", "4")));
    }

    @Test
    void garbageInTheGuestsStateNodeIsUnknownNeverAnException() throws Exception {
        BlockingQueue<XenbusState> seen = new LinkedBlockingQueue<>();
        be.watchPeerState(seen::add);
        XenbusFixture.await(seen, XenbusState.INITIALISING);
        String node = fe.path() + "/state";
        for (String garbage : List.of("banana", "", "99", "-1", "4 ", "0x4", "44444")) {
            f.guest.write(node, garbage);
            XenbusFixture.await(seen, XenbusState.UNKNOWN);
        }
        f.guest.write(node, new byte[] {(byte) 0xff, 0, 0x34});
        XenbusFixture.await(seen, XenbusState.UNKNOWN);
        assertEquals(XenbusState.UNKNOWN, be.peerState());
        assertTrue(be.garbageStates() >= 8, "every garbage value counted: " + be.garbageStates());
        f.guest.write(node, "4");
        XenbusFixture.await(seen, XenbusState.CONNECTED);
        f.guest.rm(node);
        XenbusFixture.await(seen, XenbusState.UNKNOWN);
    }

    @Test
    void frontendWatchesTheBackendStateThroughTheGuestConnection() throws Exception {
        BlockingQueue<XenbusState> seen = new LinkedBlockingQueue<>();
        fe.watchPeerState(seen::add);
        XenbusFixture.await(seen, XenbusState.INITIALISING);
        be.switchState(XenbusState.INIT_WAIT, Map.of("feature-flush-cache", "1"));
        XenbusFixture.await(seen, XenbusState.INIT_WAIT);
        assertEquals(Map.of("feature-flush-cache", "1"), fe.readBackend(List.of("feature-flush-cache")));
    }

    @Test
    void atomicReadRetriesWhenAWriterCommitsInBetween() throws Exception {
        fe.writeKeys(Map.of("ring-ref", "1", "event-channel", "1"));
        AtomicBoolean raced = new AtomicBoolean();
        ConflictingStore store = new ConflictingStore(f.dom0, () -> {
            // The guest republishes both keys after the backend read them, before its commit.
            if (raced.compareAndSet(false, true)) {
                fe.writeKeys(Map.of("ring-ref", "2", "event-channel", "2"));
            }
        });
        XenbusBackend racing = XenbusBackend.attach(store, VBD);
        Map<String, String> keys = racing.readPeerKeys(List.of("ring-ref", "event-channel"));
        assertEquals(Map.of("ring-ref", "2", "event-channel", "2"), keys, "the retry saw the new pair");
        assertEquals(1, racing.transactionRetries(), "the first commit got EAGAIN");
        assertEquals(0, be.transactionRetries());
    }

    @Test
    void atomicReadsUnderConcurrentWritersAreConsistentSnapshots() throws Exception {
        fe.writeKeys(Map.of("ring-ref", "0", "event-channel", "0"));
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; !stop.get(); i++) {
                    String v = Integer.toString(i);
                    fe.writeKeys(Map.of("ring-ref", v, "event-channel", v));
                }
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 2000; i++) {
                Map<String, String> k = be.readPeerKeys(List.of("ring-ref", "event-channel"));
                assertEquals(k.get("ring-ref"), k.get("event-channel"), "torn read at iteration " + i);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertEquals(null, writerFailed.get());
    }

    @Test
    void closeRemovesWatchesAndOptionallyTheDirectories() throws Exception {
        BlockingQueue<XenbusState> seen = new LinkedBlockingQueue<>();
        be.watchPeerState(seen::add);
        XenbusFixture.await(seen, XenbusState.INITIALISING);
        be.close();
        be.close();
        f.guest.write(fe.path() + "/state", "3");
        // A later watch on the same connection sees the write; events are delivered in order,
        // so the closed watch would have fired before it.
        XenbusBackend probe = XenbusBackend.attach(f.dom0, VBD);
        BlockingQueue<XenbusState> after = new LinkedBlockingQueue<>();
        probe.watchPeerState(after::add);
        XenbusFixture.await(after, XenbusState.INITIALISED);
        assertTrue(seen.isEmpty(), "closed watch fired: " + seen);
        assertThrows(IllegalStateException.class, () -> be.watchPeerState(seen::add));
        probe.close(true);
        assertFalse(f.dom0.exists(be.path()));
        assertFalse(f.dom0.exists(fe.path()));
        assertTrue(f.dom0.exists("/local/domain/5/device"), "only the device's own directories go");
    }

    @Test
    void attachRefusesABackendKeyThatIsNoBackendPath() throws Exception {
        f.guest.write(fe.path() + "/backend", "/local/domain/0/name");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XenbusFrontend.attach(f.guest, VBD.frontendPath()));
        assertTrue(e.getMessage().contains("/local/domain/0/name"), e.getMessage());
    }

    @Test
    void dom0FrontendCreatesItsOwnDirectory() throws Exception {
        DevicePaths local = DevicePaths.inDom0("vbd", 0, 768);
        XenbusFrontend dom0Front = XenbusFrontend.create(f.dom0, local, Map.of("virtual-device", "768"));
        assertEquals(NodePerms.of(0, Access.NONE), f.dom0.getPerms(local.frontendPath()));
        assertEquals(Map.of("backend", local.backendPath(), "backend-id", "0", "state", "1"),
                dom0Front.readKeys(List.of("backend", "backend-id", "state")));
        assertEquals(XenbusState.UNKNOWN, dom0Front.peerState(), "no backend yet");
        assertEquals(new String(f.dom0.read(local.frontendPath() + "/virtual-device"), StandardCharsets.UTF_8), "768");
    }

    @Test
    void devicePathsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> DevicePaths.inDom0("v/bd", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> DevicePaths.inDom0("vbd", 0x7FF0, 0));
        assertThrows(IllegalArgumentException.class, () -> DevicePaths.inDom0("vbd", 1, -1));
    }
}
