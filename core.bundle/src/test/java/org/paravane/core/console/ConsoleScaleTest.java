package org.paravane.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.testing.TestHypervisor.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.core.domain.ConsoleLog;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.testing.TestHypervisor;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.XenStoreDaemon;

/**
 * The 1,000 guests, console side: 1,000 consoles (PTY + log + xenstore keys) open
 * at once on one loop thread, each one's output lands in its own log, and closing them
 * gives back every file descriptor.
 */
@EnabledOnOs(OS.LINUX)
class ConsoleScaleTest {

    private static final int CONSOLES = 1000;

    @TempDir
    Path tmp;

    @Test
    void aThousandConsolesAtOnce() throws Exception {
        long fdsBefore = openFds();
        Hypervisor hv = TestHypervisor.start(16);
        LocalXenStore store = new LocalXenStore(new XenStoreDaemon(Quotas.defaults()));
        Dom0Layout.populate(store);
        ConsoleLog[] logs = new ConsoleLog[CONSOLES];
        try (ConsoleDaemon daemon = new ConsoleDaemon(tmp, store, hv.dom0EventChannels())) {
            Set<String> ttys = new HashSet<>();
            for (int i = 0; i < CONSOLES; i++) {
                logs[i] = new ConsoleLog();
                ttys.add(daemon.open(i + 1, "g" + i, logs[i]));
            }
            assertEquals(CONSOLES, ttys.size(), "one PTY each");
            for (int i = 0; i < CONSOLES; i++) {
                byte[] b = ("hello from g" + i + "\n").getBytes(StandardCharsets.US_ASCII);
                logs[i].write(b, 0, b.length);
            }
            for (int i = 0; i < CONSOLES; i++) {
                Path log = tmp.resolve("console-g" + i + "-" + (i + 1) + ".log");
                String expected = "hello from g" + i + "\n";
                assertTrue(await(() -> read(log).equals(expected)), "log of g" + i);
            }
            assertEquals(daemon.tty(500).orElseThrow(), store.readString("/local/domain/500/console/tty"));
            for (int i = 0; i < CONSOLES; i++) {
                daemon.close(i + 1);
            }
            assertTrue(daemon.consoles().isEmpty());
        } finally {
            store.close();
            hv.close();
        }
        assertTrue(await(() -> openFds() <= fdsBefore + 2), "descriptors given back: " + openFds() + " vs " + fdsBefore);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static long openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
