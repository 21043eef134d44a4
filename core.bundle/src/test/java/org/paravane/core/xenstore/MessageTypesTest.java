package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.store.XsError;

class MessageTypesTest {

    XenStoreDaemon d;
    TestClient dom0;
    TestClient dom5;
    final List<String> hookCalls = new ArrayList<>();

    @BeforeEach
    void setUp() {
        d = new XenStoreDaemon(Quotas.defaults(), new XenStoreDaemon.DomainHook() {
            @Override
            public void introduced(int domid, long gfn, int port) {
                hookCalls.add("intro " + domid + " " + gfn + " " + port);
            }

            @Override
            public void released(int domid) {
                hookCalls.add("release " + domid);
            }
        });
        dom0 = new TestClient(d, 0);
        dom5 = new TestClient(d, 5);
    }

    @Test
    void introduceReleaseAndIsIntroduced() {
        assertEquals("F", dom0.ok(XsType.IS_DOMAIN_INTRODUCED, "5"));
        assertEquals("T", dom0.ok(XsType.IS_DOMAIN_INTRODUCED, "0"));
        assertEquals("OK", dom0.ok(XsType.INTRODUCE, "5", "-12", "3"));
        assertEquals("OK", dom0.ok(XsType.INTRODUCE, "5", "-12", "3"), "same again is fine");
        assertEquals(XsError.EEXIST, dom0.err(XsType.INTRODUCE, "5", "13", "3"));
        assertEquals("T", dom5.ok(XsType.IS_DOMAIN_INTRODUCED, "5"));
        assertEquals("OK", dom0.ok(XsType.RESUME, "5"));
        assertEquals("OK", dom0.ok(XsType.RELEASE, "5"));
        assertEquals("F", dom0.ok(XsType.IS_DOMAIN_INTRODUCED, "5"));
        assertEquals(XsError.ENOENT, dom0.err(XsType.RELEASE, "5"));
        assertEquals(XsError.ENOENT, dom0.err(XsType.RESUME, "5"));
        assertEquals(List.of("intro 5 -12 3", "release 5"), hookCalls);
    }

    @Test
    void privilegedMessagesRefusedToGuests() {
        assertEquals(XsError.EACCES, dom5.err(XsType.INTRODUCE, "6", "1", "1"));
        assertEquals(XsError.EACCES, dom5.err(XsType.RELEASE, "6"));
        assertEquals(XsError.EACCES, dom5.err(XsType.RESUME, "6"));
        assertEquals(XsError.EACCES, dom5.err(XsType.SET_TARGET, "6", "5"));
        assertEquals(XsError.EACCES, dom5.err(XsType.CONTROL, "print", "x"));
    }

    @Test
    void introduceValidatesArguments() {
        assertEquals(XsError.EINVAL, dom0.err(XsType.INTRODUCE, "0", "1", "1"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.INTRODUCE, "32752", "1", "1"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.INTRODUCE, "x", "1", "1"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.INTRODUCE, "5", "1"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.INTRODUCE, "5", "1", "-1"));
    }

    @Test
    void releaseClosesTheDomainsConnectionsAndRevokesItsRights() {
        dom0.ok(XsType.INTRODUCE, "5", "1", "1");
        dom0.write("/local/domain/5/data/x", "v");
        dom0.ok(XsType.SET_PERMS, "/local/domain/5/data/x", "n5", "r9");
        dom0.write("/shared", "");
        dom0.ok(XsType.SET_PERMS, "/shared", "n0", "b5");
        dom0.ok(XsType.RELEASE, "5");
        assertTrue(dom5.conn.isClosed());
        assertEquals("n0\0r9", dom0.ok(XsType.GET_PERMS, "/local/domain/5/data/x"), "owner passes to dom0");
        assertEquals("n0", dom0.ok(XsType.GET_PERMS, "/shared"), "entries for dom5 dropped");
    }

    @Test
    void getDomainPath() {
        assertEquals("/local/domain/12", dom5.ok(XsType.GET_DOMAIN_PATH, "12"));
        assertEquals(XsError.EINVAL, dom5.err(XsType.GET_DOMAIN_PATH, "abc"));
        assertEquals(XsError.EINVAL, dom5.err(XsType.GET_DOMAIN_PATH, "70000"));
    }

    @Test
    void setTargetNeedsIntroducedDomain() {
        assertEquals(XsError.ENOENT, dom0.err(XsType.SET_TARGET, "9", "5"));
        dom0.ok(XsType.INTRODUCE, "9", "1", "1");
        assertEquals("OK", dom0.ok(XsType.SET_TARGET, "9", "5"));
    }

    @Test
    void controlCommands() {
        assertEquals("OK", dom0.ok(XsType.CONTROL, "print", "hello"));
        assertTrue(dom0.ok(XsType.CONTROL, "help").contains("print"));
        assertTrue(dom0.ok(XsType.CONTROL, "stats").contains("nodes"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.CONTROL, "frobnicate"));
    }

    @Test
    void directoryPartPagesLargeDirectories() {
        for (int i = 0; i < 400; i++) {
            dom0.ok(XsType.MKDIR, "/big/child-with-a-long-name-" + i);
        }
        assertEquals(XsError.E2BIG, dom0.err(XsType.DIRECTORY, "/big"));
        List<String> all = new ArrayList<>();
        String gen = null;
        int offset = 0;
        while (true) {
            XsMessage r = dom0.req(XsType.DIRECTORY_PART, 0, "/big", Integer.toString(offset));
            assertEquals(XsType.DIRECTORY_PART.number(), r.type());
            byte[] p = r.payload();
            int nul = 0;
            while (p[nul] != 0) {
                nul++;
            }
            String g = new String(p, 0, nul);
            if (gen != null) {
                assertEquals(gen, g, "generation stable while unchanged");
            }
            gen = g;
            byte[] rest = java.util.Arrays.copyOfRange(p, nul + 1, p.length);
            offset += rest.length;
            boolean last = rest.length >= 2 && rest[rest.length - 2] == 0 || rest.length == 1;
            List<String> names = XsMessage.splitNul(rest);
            names.removeIf(String::isEmpty);
            all.addAll(names);
            if (last) {
                break;
            }
        }
        assertEquals(400, all.size());
        assertEquals("child-with-a-long-name-0", all.get(0));
        assertEquals("child-with-a-long-name-399", all.get(399));
    }

    @Test
    void directoryPartOfEmptyNode() {
        dom0.ok(XsType.MKDIR, "/empty");
        byte[] p = dom0.req(XsType.DIRECTORY_PART, 0, "/empty", "0").payload();
        assertEquals(0, p[p.length - 1]);
        assertEquals(0, p[p.length - 2], "generation NUL then the end marker");
    }

    @Test
    void resetWatchesDropsWatchesAndTransactions() {
        dom0.ok(XsType.WATCH, "/w", "t");
        int tx = dom0.startTx();
        dom0.ok(XsType.RESET_WATCHES, "");
        dom0.events();
        dom0.write("/w", "1");
        assertEquals(List.of(), dom0.events());
        assertEquals(XsError.ENOENT, dom0.err(XsType.TRANSACTION_END, tx, "T"));
    }
}
