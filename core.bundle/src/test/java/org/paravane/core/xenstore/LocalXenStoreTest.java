package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.store.WatchHandle;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;
import org.paravane.api.store.XsTransaction;

/** The Java {@link org.paravane.api.store.XenStore} API that dom0 services use. */
class LocalXenStoreTest {

    XenStoreDaemon d;
    LocalXenStore xs;

    @BeforeEach
    void setUp() throws Exception {
        d = new XenStoreDaemon(Quotas.defaults());
        xs = new LocalXenStore(d);
        Dom0Layout.populate(xs);
    }

    @AfterEach
    void tearDown() {
        xs.close();
    }

    @Test
    void dom0Layout() throws Exception {
        assertEquals("Domain-0", xs.readString("/local/domain/0/name"));
        assertEquals("0", xs.readString("/local/domain/0/domid"));
        assertTrue(xs.exists("/vm"));
        assertTrue(xs.directory("/").containsAll(List.of("local", "vm", "tool")));
        assertEquals("/local/domain/4", xs.domainPath(4));
    }

    @Test
    void errorsBecomeXsExceptions() {
        XsException e = assertThrows(XsException.class, () -> xs.read("/missing"));
        assertEquals(XsError.ENOENT, e.error());
        assertFalse(assertDoesNotThrowExists("/missing"));
        assertEquals(XsError.EINVAL, assertThrows(XsException.class, () -> xs.read("/bad path")).error());
    }

    private boolean assertDoesNotThrowExists(String p) {
        try {
            return xs.exists(p);
        } catch (XsException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void watchCallbackFiresAndCloseStopsIt() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        WatchHandle h = xs.watch("/svc", "t1", (path, token) -> got.add(path + "|" + token));
        assertEquals("/svc|t1", got.poll(10, TimeUnit.SECONDS));
        xs.write("/svc/state", "4");
        assertEquals("/svc/state|t1", got.poll(10, TimeUnit.SECONDS));
        h.close();
        h.close();
        xs.write("/svc/state", "5");
        xs.write("/sync", "x");
        assertEquals(XsError.EEXIST, assertThrows(XsException.class, () -> {
            xs.watch("/a", "dup", (p, t) -> { });
            xs.watch("/b", "dup", (p, t) -> { });
        }).error());
        assertTrue(got.isEmpty());
    }

    @Test
    void transactionCommitAbortAndRetry() throws Exception {
        try (XsTransaction tx = xs.transaction()) {
            tx.write("/dev/vif/0/state", "1");
            tx.write("/dev/vif/0/mac", "00:16:3e:00:00:01");
            assertFalse(xs.exists("/dev/vif/0/state"));
            tx.commit();
        }
        assertEquals("1", xs.readString("/dev/vif/0/state"));
        try (XsTransaction tx = xs.transaction()) {
            tx.write("/dev/vif/0/state", "6");
        }
        assertEquals("1", xs.readString("/dev/vif/0/state"), "closed without commit = abort");

        int[] attempts = {0};
        String result = xs.inTransaction(5, tx -> {
            String v = tx.readString("/dev/vif/0/state");
            if (attempts[0]++ == 0) {
                xs.write("/dev/vif/0/state", "2"); // a concurrent change: first commit must fail
            }
            tx.write("/dev/vif/0/state", Integer.toString(Integer.parseInt(v) + 1));
            return v;
        });
        assertEquals(2, attempts[0], "retried after EAGAIN");
        assertEquals("2", result);
        assertEquals("3", xs.readString("/dev/vif/0/state"));
    }

    @Test
    void permsRoundTrip() throws Exception {
        xs.write("/p", "v");
        xs.setPerms("/p", org.paravane.api.store.NodePerms.of(3, org.paravane.api.store.Access.READ,
                new org.paravane.api.store.Permission(org.paravane.api.store.Access.WRITE, 4)));
        assertEquals("r3", xs.getPerms("/p").entries().get(0).toWire());
        assertEquals(3, xs.getPerms("/p").owner());
    }
}
