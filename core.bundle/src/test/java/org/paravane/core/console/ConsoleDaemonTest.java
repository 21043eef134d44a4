package org.paravane.core.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.testing.TestHypervisor.await;

import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.abi.Platform;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;
import org.paravane.core.domain.Domain;
import org.paravane.core.evtchn.ChannelState;
import org.paravane.core.evtchn.TwoLevelBitmaps;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.testing.TestHypervisor;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.XenStoreDaemon;

/**
 * xenconsoled end to end: a real hypervisor (domains, event channels), a real xenstored, real
 * PTYs and log files; the "guest" is Java code filling the console ring in the domain's RAM
 * and sending on its event channel as a guest kernel would (facts §7.1).
 */
@EnabledOnOs(OS.LINUX)
class ConsoleDaemonTest {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long RING_FRAME = 16; // the builder's choice: frame 16 of RAM

    @TempDir
    Path tmp;

    private Hypervisor hv;
    private LocalXenStore store;
    private ConsoleDaemon daemon;
    private Domain d;
    private MemorySegment page;
    private int guestPort;
    private long gfn;

    @BeforeEach
    void start() throws Exception {
        hv = TestHypervisor.start(64);
        store = new LocalXenStore(new XenStoreDaemon(Quotas.defaults()));
        Dom0Layout.populate(store);
        daemon = new ConsoleDaemon(tmp.resolve("log"), store, hv.dom0EventChannels(), hv.domains());
        d = TestHypervisor.domU(hv, "web-1", 4, 1);
        page = d.memory().ram().asSlice(RING_FRAME * 4096, 4096);
        gfn = (Platform.RAM_BASE >>> 12) + RING_FRAME;
        // What the domain builder does (ConsoleBackend's contract).
        guestPort = hv.events().allocUnbound(0, d.domid(), 0);
    }

    @AfterEach
    void stop() {
        daemon.close();
        store.close();
        hv.close();
    }

    private void guestSend() {
        assertEquals(0, hv.events().send(d.domid(), guestPort));
    }

    private boolean guestPortPending() {
        return hv.events().isPending(d.domid(), guestPort);
    }

    private void clearGuestPending() {
        long off = TwoLevelBitmaps.PENDING_OFFSET + 8L * (guestPort / 64);
        MemorySegment si = d.sharedInfo();
        si.set(ValueLayout.JAVA_LONG, off, si.get(ValueLayout.JAVA_LONG, off) & ~(1L << (guestPort % 64)));
    }

    /** The guest's console driver: write what fits, notify, wait for space, repeat. */
    private void guestPrint(byte[] data) {
        int done = 0;
        while (done < data.length) {
            int rest = data.length - done;
            byte[] chunk = new byte[rest];
            System.arraycopy(data, done, chunk, 0, rest);
            int n = ConsoleRingTest.guestWrite(page, chunk);
            done += n;
            guestSend();
            if (done < data.length) {
                assertTrue(await(() -> page.get(U32, ConsoleRing.OUT_PROD) - page.get(U32, ConsoleRing.OUT_CONS)
                        < ConsoleRing.OUT_SIZE), "xenconsoled consumes the out ring");
            }
        }
    }

    private String key(String name) throws XsException {
        return store.readString("/local/domain/" + d.domid() + "/console/" + name);
    }

    private String log() {
        try {
            return Files.readString(tmp.resolve("log").resolve("console-web-1-" + d.domid() + ".log"),
                    StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void guestOutputReachesTheLogAndThePtyAndInputReachesTheRing() throws Exception {
        String tty = daemon.open(d.domid(), d.name(), d.console());
        assertEquals(tty, daemon.tty(d.domid()).orElseThrow());
        assertEquals(tty, key("tty"));
        assertEquals("xenconsoled", key("type"));
        assertEquals("pty", key("output"));
        assertEquals(new NodePerms(List.of(new Permission(Access.NONE, 0), new Permission(Access.READ, d.domid()))),
                store.getPerms("/local/domain/" + d.domid() + "/console"), "read-only to the guest");

        page.set(ValueLayout.JAVA_BYTE, ConsoleRing.CONNECTION, ConsoleRing.DISCONNECTED);
        daemon.attach(d.domid(), gfn, page, guestPort);
        assertEquals(Long.toString(gfn), key("ring-ref"));
        assertEquals(Integer.toString(guestPort), key("port"));
        assertEquals("1048576", key("limit"));
        assertEquals(ConsoleRing.CONNECTED, page.get(ValueLayout.JAVA_BYTE, ConsoleRing.CONNECTION));
        assertEquals(ChannelState.INTERDOMAIN, hv.events().stateOf(d.domid(), guestPort), "dom0 bound the guest's port");

        try (SlaveReader terminal = new SlaveReader(tty);
                FileOutputStream keyboard = new FileOutputStream(tty)) {
            // Output: more than two rings' worth, in order, to the log and the terminal.
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                sb.append("line ").append(i).append(" of the guest\r\n");
            }
            byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
            clearGuestPending();
            guestPrint(text);
            assertTrue(await(() -> log().equals(sb.toString())), "log holds exactly the output");
            assertTrue(await(() -> terminal.text().equals(sb.toString())), "terminal got the output");
            assertTrue(guestPortPending(), "xenconsoled notified the guest after consuming");

            // Input: typed bytes arrive in the in ring and the guest is notified.
            clearGuestPending();
            keyboard.write("ls -l\r".getBytes(StandardCharsets.US_ASCII));
            keyboard.flush();
            assertTrue(await(() -> page.get(U32, ConsoleRing.IN_PROD) - page.get(U32, ConsoleRing.IN_CONS) == 6));
            assertArrayEquals("ls -l\r".getBytes(StandardCharsets.US_ASCII), ConsoleRingTest.guestRead(page));
            assertTrue(await(this::guestPortPending), "guest notified of input");

            // console_io output of the same domain goes to the same log and terminal.
            byte[] hvText = "(XEN) console_io says hi\n".getBytes(StandardCharsets.US_ASCII);
            d.console().write(hvText, 0, hvText.length);
            assertTrue(await(() -> log().endsWith("(XEN) console_io says hi\n")));
            assertTrue(await(() -> terminal.text().endsWith("(XEN) console_io says hi\n")));
        }
    }

    @Test
    void inputBeyondTheRingWaitsInTheTerminalUntilTheGuestConsumes() throws Exception {
        String tty = daemon.open(d.domid(), d.name(), d.console());
        daemon.attach(d.domid(), gfn, page, guestPort);
        byte[] typed = new byte[3000];
        new Random(7).nextBytes(typed);
        try (FileOutputStream keyboard = new FileOutputStream(tty)) {
            keyboard.write(typed);
            keyboard.flush();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            while (received.size() < typed.length) {
                assertTrue(await(() -> page.get(U32, ConsoleRing.IN_PROD) != page.get(U32, ConsoleRing.IN_CONS)),
                        "more input after " + received.size() + " bytes");
                int used = page.get(U32, ConsoleRing.IN_PROD) - page.get(U32, ConsoleRing.IN_CONS);
                assertTrue(used <= ConsoleRing.IN_SIZE, "never more than the ring holds");
                received.writeBytes(ConsoleRingTest.guestRead(page));
                guestSend(); // "I consumed": xenconsoled refills the ring
            }
            assertArrayEquals(typed, received.toByteArray(), "every byte, in order, none lost");
        }
    }

    @Test
    void hostileIndicesAreAGuestFaultAndServiceContinues() throws Exception {
        daemon.open(d.domid(), d.name(), d.console());
        daemon.attach(d.domid(), gfn, page, guestPort);
        page.set(U32, ConsoleRing.OUT_PROD, page.get(U32, ConsoleRing.OUT_CONS) + 5000);
        guestSend();
        assertTrue(await(() -> daemon.faults(d.domid()) == 1), "fault counted");
        assertEquals(page.get(U32, ConsoleRing.OUT_PROD), page.get(U32, ConsoleRing.OUT_CONS), "resynchronised");
        guestPrint("still alive\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(await(() -> log().equals("still alive\n")), "nothing of the bogus 5000 bytes was logged");
    }

    @Test
    void closeEndsThePtyTheLogThePortAndTheKeys() throws Exception {
        String tty = daemon.open(d.domid(), d.name(), d.console());
        daemon.attach(d.domid(), gfn, page, guestPort);
        try (SlaveReader terminal = new SlaveReader(tty)) {
            // Output the guest produced just before it died is still written out.
            ConsoleRingTest.guestWrite(page, "last words\n".getBytes(StandardCharsets.US_ASCII));
            daemon.close(d.domid());
            assertEquals("last words\n", log());
            assertTrue(await(terminal::ended), "the terminal sees the end");
            assertTrue(daemon.tty(d.domid()).isEmpty());
            assertFalse(Files.exists(Path.of(tty)) && canOpen(tty), "the PTY is gone");
            assertEquals(ChannelState.UNBOUND, hv.events().stateOf(d.domid(), guestPort), "dom0's port closed");
            XsException e = assertThrows(XsException.class, () -> key("tty"));
            assertEquals(XsError.ENOENT, e.error());
            // The ring page is no longer served: new output stays in the ring.
            ConsoleRingTest.guestWrite(page, "after\n".getBytes(StandardCharsets.US_ASCII));
            guestSend(); // the port is unbound now: the event is dropped
            assertEquals("last words\n", log());
        }
        assertThrows(IOException.class, () -> daemon.attach(d.domid(), gfn, page, guestPort));
    }

    @Test
    void aPortTheGuestDidNotOfferIsRefusedWithAClearMessage() throws Exception {
        daemon.open(d.domid(), d.name(), d.console());
        IOException e = assertThrows(IOException.class, () -> daemon.attach(d.domid(), gfn, page, guestPort + 1));
        assertTrue(e.getMessage().startsWith("domain " + d.domid() + ": cannot bind console event channel "
                + (guestPort + 1) + " (it must be an unbound port of the guest for domain 0)"), e.getMessage());
        IOException none = assertThrows(IOException.class, () -> daemon.attach(999, gfn, page, guestPort));
        assertEquals("domain 999 has no console (it does not exist or is being destroyed)", none.getMessage());
    }

    @Test
    void attachFromTheHvmParamsTheBuilderSet() throws Exception {
        // No open() first: attach(domid) opens the console itself when the builder is early.
        d.setHvmParam(org.paravane.api.abi.HvmParam.CONSOLE_PFN, (Platform.RAM_BASE >>> 12) + 4096 * 1024); // beyond RAM
        d.setHvmParam(org.paravane.api.abi.HvmParam.CONSOLE_EVTCHN, guestPort);
        IOException bad = assertThrows(IOException.class, () -> daemon.attach(d.domid()));
        assertEquals("domain " + d.domid() + ": HVM param CONSOLE_PFN = 0x480000 is not a populated RAM frame of the domain",
                bad.getMessage());
        d.setHvmParam(org.paravane.api.abi.HvmParam.CONSOLE_PFN, gfn);
        daemon.attach(d.domid());
        assertEquals(Long.toString(gfn), key("ring-ref"));
        assertEquals(daemon.tty(d.domid()).orElseThrow(), key("tty"));
        guestPrint("via hvm params\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(await(() -> log().equals("via hvm params\n")));
        assertEquals("no domain 4242", assertThrows(IOException.class, () -> daemon.attach(4242)).getMessage());
    }

    @Test
    void logFileNamesCannotEscapeTheDirectory() {
        assertEquals("console-web-1-3.log", ConsoleLogFile.fileName("web-1", 3));
        assertEquals("console-_._etc_passwd-4.log", ConsoleLogFile.fileName("../etc/passwd", 4));
        assertEquals("console-_hidden.x-5.log", ConsoleLogFile.fileName(".hidden.x", 5));
        assertEquals("console-a_b-6.log", ConsoleLogFile.fileName("a b", 6));
    }

    private static boolean canOpen(String path) {
        try (FileOutputStream f = new FileOutputStream(path)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
