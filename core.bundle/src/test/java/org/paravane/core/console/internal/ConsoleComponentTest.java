package org.paravane.core.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.testing.TestHypervisor.await;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.abi.ConsoleIo;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.Platform;
import org.paravane.api.domain.DomainConfig;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.paravane.core.memory.GuestMemoryAccessor;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.XenStoreDaemon;

/**
 * The DS side, constructed as SCR would: consoles follow domain create / destroy, a guest
 * that only uses the console_io hypercall is visible in its log and on its PTY, and
 * {@code hv:tty} resolves ids and names.
 */
@EnabledOnOs(OS.LINUX)
class ConsoleComponentTest {

    @TempDir
    Path tmp;

    static HypervisorComponent.Config config() {
        return (HypervisorComponent.Config) Proxy.newProxyInstance(HypervisorComponent.Config.class.getClassLoader(),
                new Class<?>[] {HypervisorComponent.Config.class}, (p, m, a) -> switch (m.getName()) {
                    case "memoryBudgetMiB" -> 64L;
                    case "schedulerThreads" -> 1;
                    case "sliceInstructions" -> 1000L;
                    default -> m.getDefaultValue();
                });
    }

    @Test
    void consolesFollowTheDomainLifeCycleAndServeConsoleIo() throws Exception {
        HypervisorComponent hvc = new HypervisorComponent(config());
        LocalXenStore store = new LocalXenStore(new XenStoreDaemon(Quotas.defaults()));
        Dom0Layout.populate(store);
        hvc.hypervisor().setEngine(TestHypervisor.ENGINE);
        Domain early = hvc.hypervisor().domains().create(DomainConfig.of("early", 1024, 1));
        ConsoleComponent consoles = new ConsoleComponent(hvc, store, tmp);
        ConsoleCommands commands = new ConsoleCommands(consoles);
        try {
            assertTrue(consoles.tty(early.domid()).isPresent(), "a domain older than the component gets a console");
            Domain g = hvc.hypervisor().domains().create(DomainConfig.of("io-only", 1024, 1));
            String tty = commands.tty("io-only");
            assertEquals(tty, commands.tty(Integer.toString(g.domid())));
            assertEquals(tty, store.readString("/local/domain/" + g.domid() + "/console/tty"));
            assertTrue(commands.consoles().contains(tty), commands.consoles());
            assertEquals("no domain named 'nobody'",
                    assertThrows(IllegalArgumentException.class, () -> commands.tty("nobody")).getMessage());
            assertEquals("no domain with id 77",
                    assertThrows(IllegalArgumentException.class, () -> commands.tty("77")).getMessage());
            assertEquals("domain 0 has no console",
                    assertThrows(IllegalArgumentException.class, () -> commands.tty("0")).getMessage());

            Path log = tmp.resolve("console-io-only-" + g.domid() + ".log");
            try (FileInputStream terminal = new FileInputStream(tty);
                    FileOutputStream keyboard = new FileOutputStream(tty)) {
                // A real console_io(write) hypercall from the guest's vCPU.
                byte[] hello = "Hello from console_io\r\n".getBytes(StandardCharsets.US_ASCII);
                long buf = Platform.RAM_BASE + 0x2000;
                new GuestMemoryAccessor(g.memory()).write(buf, hello, 0, hello.length);
                ScriptedVcpu cpu = TestHypervisor.cpu(g, 0);
                assertEquals(0, cpu.hypercall(Hypercall.CONSOLE_IO, ConsoleIo.WRITE, hello.length, buf));
                assertEquals("Hello from console_io\r\n", new String(terminal.readNBytes(hello.length),
                        StandardCharsets.US_ASCII));
                assertTrue(await(() -> readOrEmpty(log).equals("Hello from console_io\r\n")));
                assertEquals("Hello from console_io\r\n", commands.console("io-only"), "hv:console prints the log");
                // Without a ring, typed input goes to the hypervisor console (SBI getchar, console_io read).
                keyboard.write('x');
                keyboard.flush();
                assertTrue(await(() -> g.console().takeInputByte() == 'x'), "input reached the hypervisor console");
            }

            hvc.hypervisor().domains().destroy(g.domid());
            assertTrue(consoles.tty(g.domid()).isEmpty(), "destroy closed the console");
            assertFalse(store.exists("/local/domain/" + g.domid() + "/console"));
            assertEquals("Hello from console_io\r\n", Files.readString(log), "the log stays");
        } finally {
            consoles.deactivateForTest();
            store.close();
            hvc.deactivateForTest();
        }
        assertTrue(consoles.consoles().isEmpty(), "deactivation closed every console");
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
