package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.store.XsError;

/**
 * The XSA-326 / XSA-416 / XSA-440 classes: the offending client gets errors or is throttled;
 * the daemon and every other client keep working.
 */
class HostileClientTest {

    @TempDir
    Path dir;

    XenStoreDaemon d;
    UnixSocketServer server;
    LocalXenStore dom0;

    @BeforeEach
    void start() throws Exception {
        d = new XenStoreDaemon(Quotas.defaults());
        dom0 = new LocalXenStore(d);
        Dom0Layout.populate(dom0);
        Dom0Layout.createDomainHome(dom0, 5, "g5");
        server = UnixSocketServer.start(d, dir.resolve("socket"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        dom0.close();
    }

    @Test
    void repliesNeverReadDoNotGrowTheDaemonOrStallOthers() throws Exception {
        dom0.write("/big", "x".repeat(4000));
        SocketClient hostile = new SocketClient(server.socketPath());
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] req = XsMessage.strings(XsType.READ, 1, 0, "/big").encode();
        Thread flood = Thread.ofVirtual().start(() -> {
            try {
                while (!stop.get()) {
                    hostile.send(req);
                    sent.incrementAndGet();
                }
            } catch (Exception e) {
                // the socket is closed at the end of the test
            }
        });
        // Wait until the hostile client's sends stall: its unread replies filled the
        // socket, the daemon stopped reading its requests, and their bytes filled the
        // kernel buffers in turn. (A bound on rounds keeps a regression from hanging.)
        long last = -1;
        int unchanged = 0;
        for (int round = 0; round < 3000 && unchanged < 4; round++) {
            long now = sent.get();
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
            Thread.sleep(50);
        }
        assertTrue(flood.isAlive(), "the flooding client is blocked, not failed");
        try (SocketClient good = new SocketClient(server.socketPath())) {
            for (int i = 0; i < 200; i++) {
                XsMessage r = good.call(XsType.WRITE, "/good/" + i, "v");
                assertEquals(XsType.WRITE.number(), r.type());
            }
            assertEquals("v", good.call(XsType.READ, "/good/199").text());
        }
        assertTrue(sent.get() < 100_000, "requests stopped being taken after " + sent.get());
        assertTrue(server.queuedFrames() <= Quotas.defaults().outstanding(),
                "queued frames bounded, was " + server.queuedFrames());
        stop.set(true);
        hostile.close();
        flood.join();
    }

    @Test
    void watchEventFloodIsDroppedForTheSlowReaderOnly() throws Exception {
        TestClient slow = new TestClient(d, 5);
        slow.ok(XsType.WATCH, "data", "t");
        TestClient fast = new TestClient(d, 0);
        fast.ok(XsType.WATCH, "/local/domain/5/data", "t");
        fast.events();
        int writes = 5000;
        int fastSeen = 0;
        for (int i = 0; i < writes; i++) {
            dom0.write("/local/domain/5/data/k", Integer.toString(i));
            fastSeen += fast.events().size();
        }
        assertEquals(writes, fastSeen, "a client that reads gets every event");
        assertTrue(slow.conn.queuedFrames() <= Quotas.defaults().pendingEvents());
        assertEquals(writes + 1 - Quotas.defaults().pendingEvents(), slow.conn.droppedEvents());
        assertTrue(slow.conn.acceptingRequests(), "events alone do not block its requests");
        assertEquals("4999", slow.read("data/k"));
    }

    @Test
    void clientThatNeverReadsStopsBeingServedAtOutstandingLimit() {
        TestClient guest = new TestClient(d, 5);
        int handled = 0;
        while (guest.conn.acceptingRequests()) {
            d.handle(guest.conn, XsMessage.strings(XsType.READ, handled, 0, "name"));
            handled++;
            assertTrue(handled <= 100);
        }
        assertEquals(Quotas.defaults().outstanding(), handled);
        assertEquals(Quotas.defaults().outstanding(), guest.conn.queuedFrames());
        guest.conn.poll();
        assertTrue(guest.conn.acceptingRequests(), "reading one reply frees one slot");
    }

    @Test
    void manyNodesAcrossTransactionsCannotBeatTheNodeQuota() {
        TestClient guest = new TestClient(d, 5);
        for (int t = 0; t < 10; t++) {
            guest.ok(XsType.MKDIR, "data/t" + t);
        }
        long base = d.ownedNodes(5);
        int[] tx = new int[10];
        for (int t = 0; t < 10; t++) {
            tx[t] = guest.startTx();
            for (int i = 0; i < 150; i++) {
                guest.write(tx[t], "data/t" + t + "/" + i, "x");
            }
        }
        int committed = 0;
        int refused = 0;
        for (int t = 0; t < 10; t++) {
            XsMessage r = guest.req(XsType.TRANSACTION_END, tx[t], "T");
            if (r.type() == XsType.TRANSACTION_END.number()) {
                committed++;
            } else {
                assertTrue(TestClient.errOf(r) == XsError.ENOSPC || TestClient.errOf(r) == XsError.EAGAIN);
                refused++;
            }
        }
        assertTrue(refused > 0);
        assertTrue(d.ownedNodes(5) <= 1000, "owned " + d.ownedNodes(5));
        assertTrue(committed * 150 + base <= 1000);
    }

    @Test
    void quotaArithmeticAtCommitUsesLiveCounts() {
        TestClient guest = new TestClient(d, 5);
        for (int g = 0; g < 6; g++) {
            guest.ok(XsType.MKDIR, "data/g" + g);
        }
        long base = d.ownedNodes(5);
        int room = (int) (1000 - base);
        int tx = guest.startTx();
        for (int i = 0; i < room; i++) {
            guest.write(tx, "data/g" + (i / 200) + "/n" + i, "x");
        }
        // Meanwhile, outside the transaction, the same domain uses up part of its quota.
        guest.write(0, "/local/domain/5/attr/outside", "x");
        assertEquals(XsError.ENOSPC, guest.err(XsType.TRANSACTION_END, tx, "T"));
        assertEquals(base + 1, d.ownedNodes(5));
    }

    @Test
    void createdAndDeletedInsideATransactionLeavesNoAccounting() {
        TestClient guest = new TestClient(d, 5);
        long base = d.ownedNodes(5);
        for (int round = 0; round < 50; round++) {
            int tx = guest.startTx();
            for (int i = 0; i < 20; i++) {
                guest.write(tx, "data/tmp/n" + i, "x");
            }
            guest.ok(XsType.RM, tx, "data/tmp");
            guest.ok(XsType.TRANSACTION_END, tx, "T");
        }
        assertEquals(base, d.ownedNodes(5));
    }

    @Test
    void oversizeHeaderClosesOnlyThatConnection() throws Exception {
        try (SocketClient bad = new SocketClient(server.socketPath());
             SocketClient good = new SocketClient(server.socketPath())) {
            ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(XsType.WRITE.number()).putInt(1).putInt(0).putInt(4097);
            bad.send(h.array());
            assertNull(bad.receive(), "connection closed");
            assertEquals("Domain-0", good.call(XsType.READ, "/local/domain/0/name").text());
        }
    }

    @Test
    void socketPathTooLongForSunPathIsRefusedClearly() {
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> UnixSocketServer.start(d, dir.resolve("x".repeat(120)).resolve("socket")));
        assertTrue(e.getMessage().contains("at most 107"), e.getMessage());
    }

    @Test
    void pipelinedRequestsInOneWriteAreAllAnsweredInOrder() throws Exception {
        // 301 requests (about 28 KiB) in one write, so the server's 16 KiB reads split them and
        // some message straddles two reads: every reply, in order, with its req_id, and the
        // watch's initial fire after its own reply.
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 1; i <= 300; i++) {
            XsMessage m = switch (i % 3) {
                case 0 -> XsMessage.strings(XsType.READ, i, 0, "/local/domain/0/name");
                case 1 -> new XsMessage(XsType.WRITE.number(), i, 0, ("/p/n" + i + "\0" + "x".repeat(200)).getBytes());
                default -> XsMessage.strings(XsType.DIRECTORY, i, 0, "/local/domain/0");
            };
            all.writeBytes(m.encode());
        }
        all.writeBytes(XsMessage.strings(XsType.WATCH, 301, 0, "/p", "tok").encode());
        try (SocketClient c = new SocketClient(server.socketPath())) {
            c.send(all.toByteArray());
            for (int i = 1; i <= 301; i++) {
                XsMessage r = c.receive();
                assertEquals(i, r.reqId(), "reply order");
                int want = i == 301 ? XsType.WATCH.number() : i % 3 == 0 ? XsType.READ.number()
                        : i % 3 == 1 ? XsType.WRITE.number() : XsType.DIRECTORY.number();
                assertEquals(want, r.type(), "reply " + i + ": " + r.text());
            }
            XsMessage ev = c.receive();
            assertEquals(XsType.WATCH_EVENT.number(), ev.type());
            assertEquals(java.util.List.of("/p", "tok"), XsMessage.splitNul(ev.payload()));
        }
        assertEquals("x".repeat(200), dom0.readString("/p/n298"));
    }

    @Test
    void malformedPayloadsGetErrorReplies() throws Exception {
        try (SocketClient c = new SocketClient(server.socketPath())) {
            c.send(new XsMessage(XsType.READ.number(), 1, 0, "/local".getBytes()).encode());
            assertEquals("EINVAL", errorName(c.receive()));
            c.send(new XsMessage(XsType.WRITE.number(), 2, 0, "/nonul".getBytes()).encode());
            assertEquals("EINVAL", errorName(c.receive()));
            c.send(new XsMessage(XsType.READ.number(), 3, 0, XsMessage.joinNul("/a", "/b")).encode());
            assertEquals("EINVAL", errorName(c.receive()));
            c.send(new XsMessage(99, 4, 0, new byte[0]).encode());
            assertEquals("ENOSYS", errorName(c.receive()));
            c.send(new XsMessage(20, 5, 0, new byte[] {0}).encode());
            assertEquals("ENOSYS", errorName(c.receive()));
            c.send(new XsMessage(XsType.WATCH_EVENT.number(), 6, 0, XsMessage.joinNul("/a", "t")).encode());
            assertEquals("EINVAL", errorName(c.receive()));
            c.send(new XsMessage(XsType.READ.number(), 7, 0, new byte[0]).encode());
            assertEquals("EINVAL", errorName(c.receive()));
            assertEquals("Domain-0", c.call(XsType.READ, "/local/domain/0/name").text(), "still served");
        }
    }

    @Test
    void truncatedMessageThenHangupIsHarmless() throws Exception {
        try (SocketClient c = new SocketClient(server.socketPath())) {
            byte[] f = XsMessage.strings(XsType.WRITE, 1, 0, "/half", "value").encode();
            c.send(java.util.Arrays.copyOf(f, f.length - 3));
        }
        try (SocketClient c = new SocketClient(server.socketPath())) {
            assertEquals("ENOENT", errorName(c.call(XsType.READ, "/half")));
        }
    }

    @Test
    void randomPayloadsAlwaysGetAReply() {
        java.util.Random rnd = new java.util.Random(326);
        TestClient guest = new TestClient(d, 5);
        for (int i = 0; i < 3000; i++) {
            int type = rnd.nextInt(30);
            byte[] p = new byte[rnd.nextInt(64)];
            for (int j = 0; j < p.length; j++) {
                p[j] = (byte) "/ab0\0-@x1T".charAt(rnd.nextInt(10));
            }
            XsMessage r = guest.daemon.call(guest.conn, new XsMessage(type, i, 0, p));
            assertEquals(i, r.reqId());
            if (r.type() == XsType.ERROR.number()) {
                assertTrue(XsError.byName(r.text()).isPresent(), r.text());
                assertFalse(r.text().equals("EIO"), "no internal failure for type " + type);
            }
            guest.conn.clearOutput();
        }
    }

    private static String errorName(XsMessage m) {
        assertEquals(XsType.ERROR.number(), m.type(), "expected an error reply, got '" + m.text() + "'");
        return m.text();
    }
}
