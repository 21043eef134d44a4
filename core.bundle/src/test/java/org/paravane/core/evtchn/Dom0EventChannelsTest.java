package org.paravane.core.evtchn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.api.abi.DomId.SELF;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.XenErrno;
import org.paravane.api.evtchn.EventChannelException;
import org.paravane.api.evtchn.PortState;
import org.paravane.api.evtchn.PortStatus;
import org.paravane.core.policy.DefaultSecurityPolicy;

/** dom0's Java endpoints get guest semantics: callbacks when unmasked, a flag when masked. */
class Dom0EventChannelsTest {

    /** Runs submitted drains when the test says so (the dom0 dispatch thread, made explicit). */
    static final class QueueExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        int runAll() {
            int n = 0;
            while (!tasks.isEmpty()) {
                tasks.poll().run();
                n++;
            }
            return n;
        }
    }

    private EventChannels ev;
    private QueueExecutor exec;
    private Dom0EventChannels dom0;
    private TestEventHost guest;
    private final List<Integer> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ev = new EventChannels(new DefaultSecurityPolicy());
        exec = new QueueExecutor();
        dom0 = new Dom0EventChannels(ev, 2, exec);
        dom0.register();
        guest = new TestEventHost(1);
        ev.createDomain(3, guest);
    }

    @AfterEach
    void tearDown() {
        ev.destroyDomain(3);
        dom0.close();
        guest.close();
    }

    @Test
    void bindToAGuestPortDeliversTheInitialEventAndLaterSends() {
        int gport = ev.allocUnbound(3, SELF, 0);
        int port = dom0.bindInterdomain(3, gport, events::add);
        exec.runAll();
        assertEquals(List.of(port), events, "bind_interdomain marks the new port pending, as for guests");
        events.clear();
        assertEquals(0, ev.send(3, gport));
        assertEquals(0, ev.send(3, gport));
        exec.runAll();
        assertEquals(List.of(port), events, "two sends before the drain: one event (edge)");
        events.clear();
        ev.send(3, gport);
        exec.runAll();
        assertEquals(List.of(port), events);
    }

    @Test
    void dom0SendKicksTheGuest() {
        int port = dom0.allocUnbound(3, events::add);
        int gport = ev.bindInterdomain(3, 0, port);
        guest.drain(0);
        exec.runAll();
        events.clear();
        dom0.send(port);
        assertTrue(guest.pending(gport));
        assertEquals(List.of(gport), guest.drain(0));
        ev.send(3, gport);
        exec.runAll();
        assertEquals(List.of(port), events);
    }

    @Test
    void maskedPortOnlySetsThePendingFlag() {
        int gport = ev.allocUnbound(3, SELF, 0);
        int port = dom0.bindInterdomain(3, gport, events::add);
        exec.runAll();
        events.clear();
        dom0.mask(port);
        ev.send(3, gport);
        assertEquals(0, exec.runAll(), "no upcall for a masked port");
        assertTrue(dom0.isPending(port));
        assertTrue(events.isEmpty());
        dom0.unmask(port);
        exec.runAll();
        assertEquals(List.of(port), events);
        assertFalse(dom0.isPending(port));
    }

    @Test
    void portWithoutHandlerStaysMaskedAndPollable() {
        int port = dom0.allocUnbound(3, null);
        int gport = ev.bindInterdomain(3, 0, port);
        ev.send(3, gport);
        assertEquals(0, exec.runAll());
        assertTrue(dom0.isPending(port));
        assertTrue(dom0.clearPending(port));
        assertFalse(dom0.isPending(port));
        ev.send(3, gport);
        dom0.setHandler(port, events::add);
        exec.runAll();
        assertEquals(List.of(port), events, "setting a handler unmasks and delivers what was pending");
        events.clear();
        dom0.setHandler(port, null);
        ev.send(3, gport);
        assertEquals(0, exec.runAll());
        assertTrue(events.isEmpty());
        assertTrue(dom0.isPending(port));
    }

    @Test
    void virqAndIpiOnDom0Vcpus() {
        int dexc = dom0.bindVirq(3, 0, events::add);
        assertTrue(ev.sendGlobalVirq(3));
        exec.runAll();
        assertEquals(List.of(dexc), events);
        events.clear();
        int ipi = dom0.bindIpi(1, events::add);
        dom0.send(ipi);
        exec.runAll();
        assertEquals(List.of(ipi), events);
        PortStatus s = dom0.status(0, ipi);
        assertEquals(PortState.IPI, s.state());
        assertEquals(1, s.vcpu());
        dom0.bindVcpu(dexc, 1);
        assertEquals(1, dom0.status(0, dexc).vcpu());
    }

    @Test
    void aThrowingHandlerDoesNotStopOtherPorts() {
        int bad = dom0.bindIpi(0, p -> {
            throw new IllegalStateException("backend bug");
        });
        int good = dom0.bindIpi(0, events::add);
        dom0.send(bad);
        dom0.send(good);
        exec.runAll();
        assertEquals(List.of(good), events);
    }

    @Test
    void errorsCarryXenErrno() {
        EventChannelException e = assertThrows(EventChannelException.class, () -> dom0.send(0));
        assertEquals(XenErrno.EINVAL, e.errno());
        assertEquals(XenErrno.ESRCH, assertThrows(EventChannelException.class,
                () -> dom0.bindInterdomain(44, 1, events::add)).errno());
        assertEquals(XenErrno.ENOENT, assertThrows(EventChannelException.class,
                () -> dom0.bindIpi(2, events::add)).errno());
        assertThrows(EventChannelException.class, () -> dom0.close(5));
        assertThrows(EventChannelException.class, () -> dom0.setHandler(5, events::add));
        assertThrows(EventChannelException.class, () -> dom0.mask(4096));
        assertThrows(EventChannelException.class, () -> dom0.status(0, 4000));
        int p = dom0.allocUnbound(3, events::add);
        PortStatus s = dom0.status(0, p);
        assertEquals(PortState.UNBOUND, s.state());
        assertEquals(3, s.remoteDomid());
        dom0.close(p);
        assertEquals(PortState.CLOSED, dom0.status(0, p).state());
    }

    /**
     * With a real dispatch thread: a guest sends 10,000 times, each time waiting until dom0's
     * handler saw the previous event; every send is delivered, on the dispatch thread.
     */
    @Test
    void realDispatchThreadDeliversEverySend() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        EventChannels channels = new EventChannels(new DefaultSecurityPolicy());
        TestEventHost g = new TestEventHost(1);
        try (Dom0EventChannels d0 = new Dom0EventChannels(channels, 1, pool)) {
            d0.register();
            channels.createDomain(7, g);
            int gport = channels.allocUnbound(7, SELF, 0);
            Semaphore seen = new Semaphore(0);
            AtomicReference<Thread> handlerThread = new AtomicReference<>();
            d0.bindInterdomain(7, gport, p -> {
                handlerThread.set(Thread.currentThread());
                seen.release();
            });
            assertTrue(seen.tryAcquire(10, TimeUnit.SECONDS), "initial bind event");
            for (int i = 0; i < 10_000; i++) {
                assertEquals(0, channels.send(7, gport));
                assertTrue(seen.tryAcquire(10, TimeUnit.SECONDS), "event " + i + " lost");
            }
            assertTrue(handlerThread.get() != Thread.currentThread());
            channels.destroyDomain(7);
        } finally {
            pool.shutdownNow();
            g.close();
        }
    }

    @Test
    void aLocalPairOfInlineHandlersIsDeliveredOnTheSendingThread() {
        List<String> seen = new ArrayList<>();
        int front = dom0.allocUnbound(0, (InlineEventHandler) p -> seen.add("front@" + Thread.currentThread().getName()));
        int back = dom0.bindInterdomain(0, front, (InlineEventHandler) p -> seen.add("back@" + Thread.currentThread().getName()));
        assertTrue(dom0.deliversInline(front) && dom0.deliversInline(back));
        exec.runAll(); // the event bind_interdomain marked on the binder's port, delivered once
        assertEquals(List.of("back@" + Thread.currentThread().getName()), seen);
        seen.clear();
        dom0.send(back);
        assertEquals(List.of("front@" + Thread.currentThread().getName()), seen, "run inside send, on this thread");
        assertEquals(0, exec.tasks.size(), "nothing for the dispatch executor");
        dom0.send(front);
        dom0.send(front);
        assertEquals(3, seen.size(), "each send after the handler ran is a new event");
        assertFalse(dom0.isPending(back), "delivery cleared the pending bit before running the handler");
    }

    @Test
    void aPairWithAnOrdinaryHandlerUsesTheDispatchExecutor() {
        int front = dom0.allocUnbound(0, events::add);
        int back = dom0.bindInterdomain(0, front, (InlineEventHandler) events::add);
        assertFalse(dom0.deliversInline(front) || dom0.deliversInline(back));
        exec.runAll();
        events.clear();
        dom0.send(back);
        assertEquals(List.of(), events, "not run by send");
        exec.runAll();
        assertEquals(List.of(front), events);
    }

    @Test
    void closingOneEndOfALocalPairGivesTheOtherNormalDeliveryAgain() {
        int front = dom0.allocUnbound(0, (InlineEventHandler) events::add);
        int back = dom0.bindInterdomain(0, front, (InlineEventHandler) events::add);
        exec.runAll();
        events.clear();
        dom0.close(back);
        assertFalse(dom0.deliversInline(front));
        // a new, ordinary binding to the surviving port is delivered through the executor
        int other = dom0.bindInterdomain(0, front, p -> { });
        dom0.send(other);
        assertEquals(List.of(), events);
        exec.runAll();
        assertEquals(List.of(front), events, "the survivor is unmasked again");
    }

    @Test
    void maskEndsALocalPair() {
        List<Integer> got = new ArrayList<>();
        int front = dom0.allocUnbound(0, (InlineEventHandler) got::add);
        int back = dom0.bindInterdomain(0, front, (InlineEventHandler) got::add);
        exec.runAll();
        got.clear();
        dom0.mask(front);
        assertFalse(dom0.deliversInline(back));
        dom0.send(back);
        exec.runAll();
        assertEquals(List.of(), got, "a masked port only gets the pending flag");
        assertTrue(dom0.isPending(front));
    }
}
