package org.paravane.core.xenbus;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.XenStoreDaemon;

/** A real daemon with dom0 (LocalXenStore) and guest 5 (its own connection). */
final class XenbusFixture implements AutoCloseable {

    static final int GUEST = 5;
    static final DevicePaths VBD = DevicePaths.inDom0("vbd", GUEST, 51712);

    final XenStoreDaemon daemon = new XenStoreDaemon(Quotas.defaults());
    final LocalXenStore dom0 = new LocalXenStore(daemon);
    final LocalXenStore guest = new LocalXenStore(daemon, GUEST);

    XenbusFixture() throws XsException {
        Dom0Layout.populate(dom0);
        Dom0Layout.createDomainHome(dom0, GUEST, "guest5");
    }

    /** Waits (bounded, not timed) until the queue yields {@code want}; earlier states are skipped. */
    static void await(BlockingQueue<XenbusState> q, XenbusState want) throws InterruptedException {
        while (true) {
            XenbusState s = q.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                fail("no " + want + " seen");
            }
            if (s == want) {
                return;
            }
        }
    }

    /** Waits until {@code end}'s stored state is {@code want}. */
    static void awaitState(XenbusEnd end, XenbusState want) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        XenbusState s;
        while ((s = end.state()) != want) {
            if (System.nanoTime() > deadline) {
                fail(end.path() + " stayed " + s + ", expected " + want);
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() {
        guest.close();
        dom0.close();
    }
}
