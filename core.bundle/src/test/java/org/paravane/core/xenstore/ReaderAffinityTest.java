package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU lists as operators write them, and pinning checked against the kernel's own view. */
class ReaderAffinityTest {

    @TempDir
    Path dir;

    @Test
    void parsesTasksetStyleLists() {
        assertEquals(BitSet.valueOf(new long[] {0b1}), ReaderAffinity.parse("x", "0"));
        assertEquals(BitSet.valueOf(new long[] {0b101110}), ReaderAffinity.parse("x", " 1-3, 5 "));
        BitSet high = ReaderAffinity.parse("x", "1023");
        assertTrue(high.get(1023));
        assertEquals(1, high.cardinality());
    }

    @Test
    void badListsNameTheSettingAndThePart() {
        for (String bad : List.of("", "a", "1,", "3-1", "-1", "1024", "0-", "1.5")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReaderAffinity.parse("paravane.xenstored.cpus", bad), bad);
            assertTrue(e.getMessage().startsWith("paravane.xenstored.cpus"), e.getMessage());
        }
    }

    @Test
    void aPinnedThreadIsRestrictedToItsCpu() throws Exception {
        AtomicReference<String> refused = new AtomicReference<>("not run");
        AtomicReference<String> allowed = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            refused.set(ReaderAffinity.pinCurrentThread(ReaderAffinity.parse("x", "0")));
            allowed.set(cpusAllowed(Path.of("/proc/thread-self/status")));
        });
        t.join();
        assertNull(refused.get());
        assertEquals("0", allowed.get());
        // This thread was not touched: pid 0 means the calling thread only.
        assertEquals(cpusAllowed(Path.of("/proc/self/status")), cpusAllowed(Path.of("/proc/thread-self/status")));
    }

    @Test
    void aCpuTheKernelRefusesIsReportedNotThrown() throws Exception {
        AtomicReference<String> refused = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(
                () -> refused.set(ReaderAffinity.pinCurrentThread(ReaderAffinity.parse("x", "1023"))));
        t.join();
        assertNotNull(refused.get());
        assertTrue(refused.get().contains("1023"), refused.get());
    }

    @Test
    void theSocketServerPinsEachClientsReader() throws Exception {
        XenStoreDaemon d = new XenStoreDaemon(Quotas.defaults());
        try (LocalXenStore dom0 = new LocalXenStore(d);
                UnixSocketServer server = UnixSocketServer.start(d, dir.resolve("socket"), 0, true,
                        ReaderAffinity.parse("x", "0"));
                SocketClient c = new SocketClient(server.socketPath())) {
            Dom0Layout.populate(dom0);
            dom0.write("/v", "hello");
            assertEquals("hello", c.call(XsType.READ, "/v").text()); // the reader is running now
            List<String> readers = readerThreadsCpus();
            assertEquals(List.of("0"), readers);
        }
    }

    /** Cpus_allowed_list of every thread of this process whose name starts "xenstored-read". */
    private static List<String> readerThreadsCpus() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String comm = Files.readString(task.resolve("comm")).strip();
                if (comm.startsWith("xenstored-read")) {
                    out.add(cpusAllowed(task.resolve("status")));
                }
            }
        }
        return out;
    }

    private static String cpusAllowed(Path status) {
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
