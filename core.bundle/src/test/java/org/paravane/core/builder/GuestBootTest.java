package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.grant.GrantMapping;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;
import org.paravane.engine.riscv.RiscvEngine;

/**
 * System tests: the committed guest kernels (guest/images/*.elf, built from guest/) boot
 * in domains on the real RISC-V engine, through the real credit scheduler, hypercall,
 * event-channel and grant paths, and print on the domain's console (console_io).
 */
class GuestBootTest {

    private final Hypervisor hv = new Hypervisor(new HypervisorConfig(256L << 20, 2, 100_000));
    private final DomainBuilder builder;

    GuestBootTest() {
        hv.setEngine(new RiscvEngine());
        builder = new DomainBuilder(hv.domains(), hv.events());
    }

    @AfterEach
    void close() {
        hv.close();
    }

    private Domain boot(String name, String program, long mib, String cmdline) throws InvalidKernelException {
        BootInfo info = builder.create(DomainConfig.of(name, mib * 1024, 1), program + ".elf",
                GuestImages.read(program), cmdline);
        hv.domains().unpause(info.domid());
        return hv.domains().require(info.domid());
    }

    private static String console(Domain d) {
        return new String(d.console().contents(), StandardCharsets.US_ASCII);
    }

    /** Waits up to 60 s for the domain to shut down (an interpreter on a shared 2-core host). */
    private static void awaitShutdown(Domain d) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (d.state() != DomainState.SHUTDOWN && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(DomainState.SHUTDOWN, d.state(), () -> "domain " + d.domid() + " still " + d.state()
                + "; console so far:\n" + console(d));
    }

    @Test
    void helloPrintsItsDomidMemoryAndCommandLineThenPowersOff() throws Exception {
        long t0 = System.nanoTime();
        BootInfo info = builder.create(DomainConfig.of("hello", 4096, 1), "hello.elf", GuestImages.read("hello"),
                "hello from the system test");
        Domain d = hv.domains().require(info.domid());
        java.util.concurrent.atomic.AtomicLong firstByte = new java.util.concurrent.atomic.AtomicLong();
        d.console().setListener(bytes -> firstByte.compareAndSet(0, System.nanoTime()));
        hv.domains().unpause(d.domid());
        awaitShutdown(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), console(d));
        assertTrue(console(d).contains("Hello from Paravane guest domid " + d.domid()
                + ": 4 MiB RAM, 1 vCPU(s), command line \"hello from the system test\""), console(d));
        // a figure for docs/guest.md, not an assertion (includes reading the image file)
        System.out.printf("hello: create call to first console byte %.1f ms%n", (firstByte.get() - t0) / 1e6);
    }

    /** With console=ring the output goes to the console ring page (facts §7.1), not console_io. */
    @Test
    void consoleRingCarriesTheOutputWhenAsked() throws Exception {
        BootInfo info = builder.create(DomainConfig.of("ring", 4096, 1), "hello.elf", GuestImages.read("hello"),
                "hello console=ring");
        Domain d = hv.domains().require(info.domid());
        AtomicInteger events = new AtomicInteger();
        hv.dom0EventChannels().bindInterdomain(d.domid(), info.consolePort(), p -> events.incrementAndGet());
        hv.domains().unpause(d.domid());
        awaitShutdown(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason());
        assertEquals("", console(d));
        var page = d.memory().ram().asSlice(info.layout().consolePfn() * BootLayout.PAGE - d.memory().ramBase(),
                BootLayout.PAGE);
        var u32 = java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
        int prod = page.get(u32, org.paravane.api.abi.XenconsInterfaceLayout.OUT_PROD);
        assertEquals(0, page.get(u32, org.paravane.api.abi.XenconsInterfaceLayout.OUT_CONS));
        String out = new String(page.asSlice(org.paravane.api.abi.XenconsInterfaceLayout.OUT, prod)
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        assertEquals("Hello from Paravane guest domid " + d.domid()
                + ": 4 MiB RAM, 1 vCPU(s), command line \"hello console=ring\"\n", out);
        assertTrue(TestWait.until(() -> events.get() >= 1), "no console event reached dom0");
    }

    @Test
    void theDefaultProgramRunsWhenTheCommandLineIsEmpty() throws Exception {
        Domain d = boot("quiet", "hello", 4, "");
        awaitShutdown(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason());
        assertTrue(console(d).contains("command line \"\""), console(d));
    }

    @Test
    void anUnknownProgramIsReportedAndTheDomainCrashes() throws Exception {
        Domain d = boot("lost", "hello", 4, "no-such-program");
        awaitShutdown(d);
        assertEquals(ShutdownReason.CRASH, d.shutdownReason());
        assertTrue(console(d).contains("unknown program 'no-such-program'"), console(d));
    }

    @Test
    void memtestFindsNoErrorsInItsFreeMemory() throws Exception {
        Domain d = boot("memtest", "memtest", 4, "memtest");
        awaitShutdown(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), console(d));
        Matcher m = Pattern.compile("memtest: (\\d+) KiB, 4 patterns, 0 errors: PASS").matcher(console(d));
        assertTrue(m.find(), console(d));
        // free memory = 4 MiB minus the 2 MiB below the kernel's end and the 3 reserved pages
        long kib = Long.parseLong(m.group(1));
        assertTrue(kib > 1024 && kib < 2048, "tested " + kib + " KiB");
    }

    /** dom0 (Java) plays ping, the guest pong: half by callback, half by polling a masked port. */
    @Test
    void evtchnPingPongWithDom0AndAGrantedPage() throws Exception {
        Domain d = boot("pingpong", "evtchn-pingpong", 4, "evtchn-pingpong 40");
        Pattern portLine = Pattern.compile("evtchn-pingpong: port (\\d+), 40 rounds");
        long end = System.nanoTime() + 60_000_000_000L;
        Matcher m = portLine.matcher("");
        while (!(m = portLine.matcher(console(d))).find() && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertTrue(m.find(0), console(d));
        int guestPort = Integer.parseInt(m.group(1));
        AtomicInteger pongs = new AtomicInteger();
        int[] local = new int[1];
        var dom0 = hv.dom0EventChannels();
        // dom0 answers every event while the guest runs (binding may itself raise one,
        // facts §2.1, so dom0 cannot count exactly 40); the guest counts the rounds.
        local[0] = dom0.bindInterdomain(d.domid(), guestPort, p -> {
            pongs.incrementAndGet();
            if (d.state() != DomainState.SHUTDOWN) {
                dom0.send(local[0]);
            }
        });
        dom0.send(local[0]);
        awaitShutdown(d);
        assertEquals(ShutdownReason.POWEROFF, d.shutdownReason(), console(d));
        assertTrue(console(d).contains("evtchn-pingpong: 40 round trips (20 by callback, 20 by poll;"), console(d));
        assertTrue(pongs.get() >= 40, "dom0 saw " + pongs.get() + " events");

        Matcher g = Pattern.compile("evtchn-pingpong: grant ref (\\d+)").matcher(console(d));
        assertTrue(g.find(), console(d));
        GrantMapping map = hv.dom0Grants().map(d.domid(), Integer.parseInt(g.group(1)), true);
        try {
            byte[] head = map.segment().asSlice(0, 32).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertEquals("pingpong page of domain " + d.domid(),
                    new String(head, StandardCharsets.US_ASCII).split("\0")[0]);
        } finally {
            hv.dom0Grants().unmap(map);
        }
    }

    /** Two guests: one allocates a port for the other, which binds and pings first. */
    @Test
    void evtchnPingPongBetweenTwoGuests() throws Exception {
        // The listener must name its peer on its command line: create it first (domid L),
        // then build it for peer L + 1, the next domid handed out (round robin).
        Domain l = hv.domains().create(DomainConfig.of("listener", 4096, 1));
        builder.build(l, "evtchn-pingpong.elf", GuestImages.read("evtchn-pingpong"),
                "evtchn-pingpong 30 " + (l.domid() + 1));
        hv.scheduler().up(l.vcpu(0));
        hv.domains().unpause(l.domid());
        Pattern portLine = Pattern.compile("evtchn-pingpong: port (\\d+), 30 rounds");
        long end = System.nanoTime() + 60_000_000_000L;
        Matcher m = portLine.matcher("");
        while (!(m = portLine.matcher(console(l))).find() && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertTrue(m.find(0), console(l));
        Domain c = boot("connector", "evtchn-pingpong", 4, "evtchn-pingpong connect " + l.domid() + " "
                + m.group(1) + " 30");
        assertEquals(l.domid() + 1, c.domid(), "domid of the connector");
        awaitShutdown(c);
        awaitShutdown(l);
        assertEquals(ShutdownReason.POWEROFF, c.shutdownReason(), console(c));
        assertEquals(ShutdownReason.POWEROFF, l.shutdownReason(), console(l));
        assertTrue(console(c).contains("30 round trips (15 by callback, 15 by poll;"), console(c));
        assertTrue(console(l).contains("30 round trips (15 by callback, 15 by poll;"), console(l));
    }
}
