package org.paravane.core.builder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import static org.junit.jupiter.api.Assertions.assertFalse;
import org.paravane.api.host.HostEnvironment;
import org.paravane.core.console.internal.ConsoleComponent;
import org.paravane.core.xenstore.internal.XenStoreComponent;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.core.builder.InvalidKernelException;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.internal.HypervisorComponent;
import org.paravane.engine.riscv.RiscvEngine;

/** hv:create and hv:destroy on the component constructed as SCR would, with the real engine. */
class GuestCommandsTest {

    static HypervisorComponent.Config config() {
        return (HypervisorComponent.Config) Proxy.newProxyInstance(HypervisorComponent.Config.class.getClassLoader(),
                new Class<?>[] {HypervisorComponent.Config.class}, (p, m, a) -> switch (m.getName()) {
                    case "memoryBudgetMiB" -> 64L;
                    case "schedulerThreads" -> 1;
                    case "sliceInstructions" -> 100_000L;
                    default -> m.getDefaultValue();
                });
    }

    @TempDir
    Path tmp;

    private XenStoreComponent xenstore;
    private ConsoleComponent consoles;

    /** The command component wired as SCR wires it: to real xenstored and xenconsoled. */
    private GuestCommands commands(HypervisorComponent hvc) throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("log"));
        HostEnvironment host = new HostEnvironment() {
            @Override
            public Path stateDirectory() {
                return tmp;
            }

            @Override
            public Path deployDirectory() {
                return tmp.resolve("deploy");
            }

            @Override
            public Path logDirectory() {
                return logs;
            }

            @Override
            public Path imagesDirectory() {
                return tmp.resolve("images");
            }
        };
        xenstore = new XenStoreComponent(host, hvc);
        consoles = new ConsoleComponent(hvc, xenstore, logs);
        return new GuestCommands(hvc, xenstore, consoles);
    }

    @AfterEach
    void stopDaemons() {
        if (consoles != null) {
            consoles.deactivate();
        }
        if (xenstore != null) {
            xenstore.deactivate();
        }
    }

    private static String hello() {
        return Path.of(System.getProperty("paravane.root", "..")).resolve("guest/images/hello.elf").toString();
    }

    @Test
    void createBootsTheKernelAndDestroyRemovesIt() throws Exception {
        HypervisorComponent hvc = new HypervisorComponent(config());
        try {
            hvc.hypervisor().setEngine(new RiscvEngine());
            GuestCommands cmd = commands(hvc);
            int domid = cmd.create("--memory", "4", hello(), "hello", "from", "gogo");
            Domain d = hvc.hypervisor().domains().require(domid);
            assertEquals("hello", d.name());
            // introduced to xenstored (home, name, ring) and given a console with a PTY
            assertEquals("hello", xenstore.readString("/local/domain/" + domid + "/name"));
            assertTrue(consoles.tty(domid).orElseThrow().startsWith("/dev/pts/"));
            assertTrue(xenstore.exists("/local/domain/" + domid + "/console/tty"));
            long end = System.nanoTime() + 60_000_000_000L;
            while (d.state() != DomainState.SHUTDOWN && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            String console = new String(d.console().contents(), StandardCharsets.US_ASCII);
            assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), console);
            assertTrue(console.contains("domid " + domid + ": 4 MiB RAM, 1 vCPU(s), command line \"hello from gogo\""),
                    console);
            int second = cmd.create("-m", "4", hello());
            assertEquals("hello-2", hvc.hypervisor().domains().require(second).name());
            assertEquals("domain " + domid + " destroyed", cmd.destroy(domid));
            assertTrue(hvc.hypervisor().domains().domain(domid).isEmpty());
            assertFalse(xenstore.exists("/local/domain/" + domid), "destroy removes the guest's xenstore home");
            String log = Files.readString(tmp.resolve("log").resolve("console-hello-" + domid + ".log"));
            assertTrue(log.contains("Hello from Paravane guest domid " + domid), log);
        } finally {
            hvc.deactivateForTest();
        }
    }

    @Test
    void badKernelsAreReportedByName() throws Exception {
        HypervisorComponent hvc = new HypervisorComponent(config());
        try {
            hvc.hypervisor().setEngine(new RiscvEngine());
            GuestCommands cmd = commands(hvc);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> cmd.create("/no/such.elf"))
                    .getMessage().contains("'/no/such.elf' is not a readable file"));
            String pom = Path.of(System.getProperty("paravane.root", "..")).resolve("pom.xml").toString();
            InvalidKernelException e = assertThrows(InvalidKernelException.class, () -> cmd.create(pom));
            assertEquals("pom.xml", e.file());
            assertEquals(1, hvc.hypervisor().domains().size());
        } finally {
            hvc.deactivateForTest();
        }
    }
}
