package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The socket transport in its three reader modes (blocking; spin always; spin while a CPU is
 * idle): replies, events, back-pressure, protocol violations and shutdown behave the same, and
 * a spinning reader stops costing CPU once its client goes quiet.
 */
class SocketSpinTest {

    @TempDir
    Path dir;

    XenStoreDaemon d;
    LocalXenStore dom0;
    UnixSocketServer server;

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of(0, false), Arguments.of(50, false), Arguments.of(50, true));
    }

    @BeforeEach
    void tree() throws Exception {
        d = new XenStoreDaemon(Quotas.defaults());
        dom0 = new LocalXenStore(d);
        Dom0Layout.populate(dom0);
        dom0.write("/v", "hello");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        dom0.close();
    }

    private void start(int spinMicros, boolean adaptive) throws Exception {
        server = UnixSocketServer.start(d, dir.resolve("socket"), spinMicros, adaptive);
        assertEquals(spinMicros, server.spinMicros());
    }

    @ParameterizedTest
    @MethodSource("modes")
    void pingPongRepliesInOrder(int spin, boolean adaptive) throws Exception {
        start(spin, adaptive);
        try (SocketClient c = new SocketClient(server.socketPath())) {
            for (int i = 0; i < 2000; i++) {
                XsMessage r = c.call(XsType.READ, "/v");
                assertEquals(XsType.READ.number(), r.type());
                assertEquals("hello", r.text());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void watchEventReachesAnIdleClient(int spin, boolean adaptive) throws Exception {
        start(spin, adaptive);
        try (SocketClient w = new SocketClient(server.socketPath())) {
            w.send(XsMessage.strings(XsType.WATCH, 1, 0, "/watched", "tok").encode());
            XsMessage reply = w.receive();
            assertEquals(XsType.WATCH.number(), reply.type());
            assertEquals(XsType.WATCH_EVENT.number(), w.receive().type()); // initial fire
            awaitSleep(); // the reader has given up spinning: the event comes from the writer thread
            dom0.write("/watched", "x");
            XsMessage ev = w.receive();
            assertEquals(XsType.WATCH_EVENT.number(), ev.type());
            assertEquals("/watched\0tok\0", new String(ev.payload()));
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aClientThatReadsLateGetsEveryReply(int spin, boolean adaptive) throws Exception {
        dom0.write("/big", "y".repeat(4000));
        start(spin, adaptive);
        try (SocketClient c = new SocketClient(server.socketPath())) {
            // 400 KB of replies: more than the socket buffers hold, so the daemon's writes
            // find the socket full and must wait for room (a non-blocking write returns 0).
            ByteBuffer all = ByteBuffer.allocate(100 * 40).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 100; i++) {
                all.put(XsMessage.strings(XsType.READ, i, 0, "/big").encode());
            }
            c.send(java.util.Arrays.copyOf(all.array(), all.position()));
            Thread.sleep(200); // let the daemon fill the socket while nobody reads
            for (int i = 0; i < 100; i++) {
                XsMessage r = c.receive();
                assertEquals(XsType.READ.number(), r.type());
                assertEquals(i, r.reqId());
                assertEquals(4000, r.payload().length);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void oversizedHeaderClosesOnlyThatConnectionAndCloseEndsIdleReaders(int spin, boolean adaptive) throws Exception {
        start(spin, adaptive);
        try (SocketClient bad = new SocketClient(server.socketPath());
                SocketClient idle = new SocketClient(server.socketPath())) {
            assertEquals("hello", idle.call(XsType.READ, "/v").text());
            ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(XsType.READ.number()).putInt(1).putInt(0).putInt(5000);
            bad.send(h.array());
            assertNull(bad.receive(), "the daemon closes a connection announcing 5000 payload bytes");
            assertEquals("hello", idle.call(XsType.READ, "/v").text());
            awaitSleep();
            server.close();
            server = null;
            assertNull(idle.receive(), "closing the server ends a connection whose reader sleeps");
        }
    }

    @Test
    void aSpinningReaderCostsNoCpuOnceItsClientIsQuiet() throws Exception {
        // The largest bound, always spinning: 10 ms of spin per wait, then it must sleep.
        start(UnixSocketServer.MAX_SPIN_MICROS, false);
        try (SocketClient c = new SocketClient(server.socketPath())) {
            assertEquals("hello", c.call(XsType.READ, "/v").text());
            awaitSleep();
            Thread reader = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("xenstored-read-")).findFirst().orElseThrow();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long before = mx.getThreadCpuTime(reader.threadId());
            Thread.sleep(1000);
            long used = mx.getThreadCpuTime(reader.threadId()) - before;
            // A reader that kept spinning would burn most of that second (or its share of a
            // loaded machine's CPUs, still well over 20 ms); a sleeping one uses none.
            assertTrue(used < 20_000_000, "idle reader used " + used / 1000 + " us of CPU in 1 s");
            assertEquals("hello", c.call(XsType.READ, "/v").text(), "and it still wakes for the next request");
        }
    }

    @Test
    void spinSettingsAreValidatedWithClearErrors() {
        assertEquals(UnixSocketServer.DEFAULT_SPIN_MICROS, UnixSocketServer.spinMicros(null));
        assertEquals(UnixSocketServer.DEFAULT_SPIN_MICROS, UnixSocketServer.spinMicros(" "));
        assertEquals(0, UnixSocketServer.spinMicros("0"));
        assertEquals(200, UnixSocketServer.spinMicros(" 200 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnixSocketServer.spinMicros("fast"));
        assertTrue(e.getMessage().contains(UnixSocketServer.SPIN_PROPERTY) && e.getMessage().contains("fast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UnixSocketServer.spinMicros("-1"));
        assertThrows(IllegalArgumentException.class, () -> UnixSocketServer.spinMicros("10001"));
        assertEquals(true, UnixSocketServer.adaptive(null));
        assertEquals(false, UnixSocketServer.adaptive("FALSE"));
        e = assertThrows(IllegalArgumentException.class, () -> UnixSocketServer.adaptive("maybe"));
        assertTrue(e.getMessage().contains(UnixSocketServer.ADAPTIVE_PROPERTY), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> UnixSocketServer.start(d, dir.resolve("s2"), UnixSocketServer.MAX_SPIN_MICROS + 1, false));
    }

    /** Waits (bounded) until every reader sleeps; blocking-mode readers are not counted, so skip them. */
    private void awaitSleep() throws InterruptedException {
        if (server.spinMicros() == 0) {
            Thread.sleep(20);
            return;
        }
        for (int i = 0; i < 500 && server.sleepingReaders() < server.clientCount(); i++) {
            Thread.sleep(10);
        }
        assertEquals(server.clientCount(), server.sleepingReaders(), "every reader sleeps after its spin bound");
    }
}
