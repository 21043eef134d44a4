package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.store.XsError;

class TransactionTest {

    XenStoreDaemon d;
    TestClient a;
    TestClient b;

    @BeforeEach
    void setUp() {
        d = new XenStoreDaemon(Quotas.defaults());
        a = new TestClient(d, 0);
        b = new TestClient(d, 0);
    }

    @Test
    void changesAreInvisibleUntilCommit() {
        a.write("/k", "old");
        int tx = a.startTx();
        assertNotEquals(0, tx);
        a.write(tx, "/k", "new");
        a.write(tx, "/n/m", "created");
        assertEquals("old", b.read("/k"));
        assertEquals(XsError.ENOENT, b.err(XsType.READ, "/n/m"));
        assertEquals("new", a.ok(XsType.READ, tx, "/k"));
        assertEquals("OK", a.ok(XsType.TRANSACTION_END, tx, "T"));
        assertEquals("new", b.read("/k"));
        assertEquals("created", b.read("/n/m"));
    }

    @Test
    void abortDiscards() {
        int tx = a.startTx();
        a.write(tx, "/gone", "x");
        a.ok(XsType.TRANSACTION_END, tx, "F");
        assertEquals(XsError.ENOENT, b.err(XsType.READ, "/gone"));
        assertEquals(XsError.ENOENT, a.err(XsType.TRANSACTION_END, tx, "T"), "id invalid after end");
    }

    @Test
    void conflictingChangeToAReadNodeIsEagain() {
        a.write("/c", "1");
        int tx = a.startTx();
        assertEquals("1", a.ok(XsType.READ, tx, "/c"));
        a.write(tx, "/other", "x");
        b.write("/c", "2");
        assertEquals(XsError.EAGAIN, a.err(XsType.TRANSACTION_END, tx, "T"));
        assertEquals(XsError.ENOENT, b.err(XsType.READ, "/other"), "nothing applied");
        int retry = a.startTx();
        a.ok(XsType.READ, retry, "/c");
        a.write(retry, "/other", "x");
        assertEquals("OK", a.ok(XsType.TRANSACTION_END, retry, "T"));
    }

    @Test
    void creationOfANodeSomeoneElseCreatedConflicts() {
        int tx = a.startTx();
        a.write(tx, "/race", "mine");
        b.write("/race", "theirs");
        assertEquals(XsError.EAGAIN, a.err(XsType.TRANSACTION_END, tx, "T"));
        assertEquals("theirs", b.read("/race"));
    }

    @Test
    void unrelatedChangesDoNotConflict() {
        a.write("/x", "1");
        int tx = a.startTx();
        a.ok(XsType.READ, tx, "/x");
        b.write("/y", "2");
        assertEquals("OK", a.ok(XsType.TRANSACTION_END, tx, "T"));
    }

    @Test
    void nodeCreatedAndDeletedInsideOneTransaction() {
        long before = d.ownedNodes(0);
        int nodes = d.nodeCount();
        a.ok(XsType.WATCH, "/", "all");
        a.events();
        int tx = a.startTx();
        a.write(tx, "/ephemeral/child", "x");
        a.ok(XsType.RM, tx, "/ephemeral");
        assertEquals(XsError.ENOENT, a.err(XsType.READ, tx, "/ephemeral"));
        assertEquals("OK", a.ok(XsType.TRANSACTION_END, tx, "T"));
        assertEquals(XsError.ENOENT, b.err(XsType.READ, "/ephemeral"));
        assertEquals(nodes, d.nodeCount());
        assertEquals(before, d.ownedNodes(0), "accounting unchanged");
        assertEquals(List.of("/ephemeral/child|all", "/ephemeral|all"), a.events(), "events fire at commit");
    }

    @Test
    void watchesFireOnlyAtCommit() {
        b.ok(XsType.WATCH, "/w", "t");
        b.events();
        int tx = a.startTx();
        a.write(tx, "/w/1", "x");
        assertEquals(List.of(), b.events());
        a.ok(XsType.TRANSACTION_END, tx, "T");
        assertEquals(List.of("/w/1|t"), b.events());
    }

    @Test
    void protocolErrors() {
        assertEquals(XsError.ENOENT, a.err(XsType.READ, 999, "/x"), "unknown transaction");
        int tx = a.startTx();
        assertEquals(XsError.EINVAL, a.err(XsType.TRANSACTION_END, tx, "X"));
        assertEquals(XsError.EBUSY, a.err(XsType.TRANSACTION_START, tx, ""));
        assertEquals(XsError.EINVAL, a.errOf(a.raw(XsType.TRANSACTION_START.number(), 0, new byte[] {'x', 0})));
        assertEquals(XsError.ENOENT, b.err(XsType.TRANSACTION_END, tx, "T"), "transactions are per connection");
    }

    @Test
    void rmAndDirectoryInsideTransaction() {
        a.write("/t/a", "1");
        a.write("/t/b", "2");
        int tx = a.startTx();
        a.ok(XsType.RM, tx, "/t/a");
        assertEquals("b", a.ok(XsType.DIRECTORY, tx, "/t"));
        assertEquals("a\0b", b.ok(XsType.DIRECTORY, "/t"));
        a.ok(XsType.TRANSACTION_END, tx, "T");
        assertEquals(List.of("b"), b.dir("/t"));
    }
}
