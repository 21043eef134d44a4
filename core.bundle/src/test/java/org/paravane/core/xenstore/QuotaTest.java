package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.store.XsError;

/** C xenstored's default quotas (§8.7) for an unprivileged domain; dom0 is exempt. */
class QuotaTest {

    XenStoreDaemon d;
    TestClient dom0;
    TestClient dom5;

    @BeforeEach
    void setUp() throws Exception {
        d = new XenStoreDaemon(Quotas.defaults());
        dom0 = new TestClient(d, 0);
        dom5 = new TestClient(d, 5);
        try (LocalXenStore local = new LocalXenStore(d)) {
            Dom0Layout.populate(local);
            Dom0Layout.createDomainHome(local, 5, "g5");
        }
    }

    /** Fills domain 5's quota up to {@code target} nodes, spread so no directory hits node-size. */
    private void fillTo(long target) {
        for (int g = 0; g < 6; g++) {
            dom5.ok(XsType.MKDIR, "data/g" + g);
        }
        for (int i = 0; d.ownedNodes(5) < target; i++) {
            dom5.write(0, "data/g" + (i / 200) + "/n" + i, "x");
        }
    }

    @Test
    void thousandNodesPerDomain() {
        fillTo(1000);
        assertEquals(1000, d.ownedNodes(5));
        assertEquals(XsError.ENOSPC, dom5.writeErr(0, "data/one-too-many", "x"));
        assertEquals(XsError.ENOSPC, dom5.err(XsType.MKDIR, "data/again"));
        dom5.ok(XsType.RM, "data/g0/n1");
        dom5.write(0, "data/fits-again", "x");
        for (int i = 0; i < 1100; i++) {
            dom0.write("/dom0/" + i, "x");
        }
        assertTrue(d.ownedNodes(0) > 1100, "dom0 is not limited");
    }

    @Test
    void implicitParentsCountAndFailAtomically() {
        fillTo(999);
        assertEquals(XsError.ENOSPC, dom5.writeErr(0, "data/a/b/c", "x"), "three new nodes do not fit in one");
        assertEquals(XsError.ENOENT, dom5.err(XsType.READ, "data/a"), "no half-made path left behind");
    }

    @Test
    void nodeSizeLimit() {
        assertEquals(XsError.ENOSPC, dom5.writeErr(0, "data/big", "x".repeat(2048)));
        dom5.write(0, "data/ok", "x".repeat(2000));
        dom0.write("/local/domain/5/data/dom0big", "x".repeat(4000));
    }

    @Test
    void childNamesCountTowardsNodeSize() {
        dom5.ok(XsType.MKDIR, "data/dir");
        int i = 0;
        XsMessage r;
        do {
            r = dom5.writeMsg(0, "data/dir/child-number-" + i++, "");
        } while (r.type() == XsType.WRITE.number() && i < 1000);
        assertEquals(XsError.ENOSPC, TestClient.errOf(r), "the parent's child list outgrew 2048 bytes");
        assertTrue(i > 50 && i < 200, "failed after " + i);
    }

    @Test
    void watchesPerConnection() {
        for (int i = 0; i < 128; i++) {
            dom5.ok(XsType.WATCH, "data/w" + i, "t");
        }
        assertEquals(XsError.E2BIG, dom5.err(XsType.WATCH, "data/w128", "t"), "C xenstored's error for the watch quota");
        dom5.ok(XsType.UNWATCH, "data/w0", "t");
        dom5.ok(XsType.WATCH, "data/w128", "t");
    }

    @Test
    void transactionsPerConnection() {
        for (int i = 0; i < 10; i++) {
            dom5.startTx();
        }
        assertEquals(XsError.ENOSPC, dom5.err(XsType.TRANSACTION_START, 0, ""));
        for (int i = 0; i < 20; i++) {
            dom0.startTx();
        }
    }

    @Test
    void permissionEntriesPerNode() {
        dom5.write(0, "data/p", "");
        assertEquals("OK", dom5.ok(XsType.SET_PERMS, "data/p", "n5", "r1", "r2", "r3", "r4"));
        assertEquals(XsError.ENOSPC, dom5.err(XsType.SET_PERMS, "data/p", "n5", "r1", "r2", "r3", "r4", "r6"));
    }

    @Test
    void nodesTouchedPerTransaction() {
        XenStoreDaemon small = new XenStoreDaemon(new Quotas(0, 0, 0, 10, 0, 0, 0, 0, 0, 1 << 20, 1024));
        TestClient c0 = new TestClient(small, 0);
        TestClient c5 = new TestClient(small, 5);
        c0.write("/open", "");
        c0.ok(XsType.SET_PERMS, "/open", "b0");
        int tx = c5.startTx();
        int i = 0;
        XsMessage r;
        do {
            r = c5.writeMsg(tx, "/open/n" + i++, "x");
        } while (r.type() == XsType.WRITE.number());
        assertEquals(XsError.ENOSPC, TestClient.errOf(r));
        assertTrue(i <= 10);
    }

    @Test
    void memoryQuota() {
        XenStoreDaemon small = new XenStoreDaemon(new Quotas(0, 0, 0, 0, 0, 0, 10_000, 0, 0, 1 << 20, 1024));
        TestClient c0 = new TestClient(small, 0);
        TestClient c5 = new TestClient(small, 5);
        c0.write("/open", "");
        c0.ok(XsType.SET_PERMS, "/open", "b0");
        int i = 0;
        XsMessage r;
        do {
            r = c5.writeMsg(0, "/open/n" + i++, "x".repeat(1000));
        } while (r.type() == XsType.WRITE.number() && i < 100);
        assertEquals(XsError.ENOSPC, TestClient.errOf(r));
        assertTrue(small.ownedNodes(5) <= 10);
    }

    @Test
    void getQuotaListsNamesAndReadsGlobalAndDomainValues() {
        assertEquals(String.join("\0", QuotaTable.NAMES), dom0.ok(XsType.GET_QUOTA, 0));
        assertEquals("1000", dom0.ok(XsType.GET_QUOTA, "nodes"));
        assertEquals("2048", dom0.ok(XsType.GET_QUOTA, "node-size"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.GET_QUOTA, "bananas"));
        assertEquals(XsError.ENOENT, dom0.err(XsType.GET_QUOTA, "5", "nodes"), "domain 5 is not introduced");
        dom0.ok(XsType.INTRODUCE, "5", "1", "1");
        assertEquals("128", dom0.ok(XsType.GET_QUOTA, "5", "watches"));
        assertEquals(XsError.EACCES, dom5.err(XsType.GET_QUOTA, "nodes"), "dom0 only");
        assertEquals(XsError.EACCES, dom5.err(XsType.SET_QUOTA, "nodes", "1"), "dom0 only");
    }

    @Test
    void setQuotaChangesTheLimitEnforced() {
        dom0.ok(XsType.INTRODUCE, "5", "1", "1");
        dom0.ok(XsType.SET_QUOTA, "5", "nodes", "20");
        assertEquals("20", dom0.ok(XsType.GET_QUOTA, "5", "nodes"));
        assertEquals("1000", dom0.ok(XsType.GET_QUOTA, "nodes"), "the global value is unchanged");
        fillTo(20);
        assertEquals(XsError.ENOSPC, dom5.writeErr(0, "data/over", "x"));
        dom0.ok(XsType.SET_QUOTA, "5", "nodes", "21");
        dom5.write(0, "data/fits", "x");
        // A global change applies to domains without an override; RELEASE drops the override.
        dom0.ok(XsType.SET_QUOTA, "watches", "1");
        assertEquals("1", dom0.ok(XsType.GET_QUOTA, "watches"));
        dom0.ok(XsType.RELEASE, "5");
        dom0.ok(XsType.INTRODUCE, "5", "1", "1");
        assertEquals("1000", dom0.ok(XsType.GET_QUOTA, "5", "nodes"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.SET_QUOTA, "nodes", "-1"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.SET_QUOTA, "nodes", "99999999999"));
    }
}
