package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.store.XsError;

class WatchTest {

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

    @Test
    void firesOnceOnRegistrationWithTheGivenPath() {
        assertEquals("OK", dom0.ok(XsType.WATCH, "/not/yet", "tok"));
        assertEquals(List.of("/not/yet|tok"), dom0.events());
    }

    @Test
    void replyIsQueuedBeforeTheInitialEvent() {
        dom0.daemon.handle(dom0.conn, XsMessage.strings(XsType.WATCH, 42, 0, "/x", "t"));
        byte[] first = dom0.conn.poll();
        assertEquals(XsType.WATCH.number(), first[0]);
        assertEquals(42, first[4]);
        assertEquals(List.of("/x|t"), dom0.events());
    }

    @Test
    void firesForNodeAndDescendantsNotSiblings() {
        dom0.ok(XsType.WATCH, "/a", "t");
        dom0.events();
        dom0.write("/a/b/c", "1");
        dom0.write("/a", "2");
        dom0.write("/ab", "3");
        dom0.ok(XsType.MKDIR, "/a/m");
        dom0.ok(XsType.SET_PERMS, "/a/m", "n0");
        assertEquals(List.of("/a/b/c|t", "/a|t", "/a/m|t", "/a/m|t"), dom0.events());
    }

    @Test
    void removingAParentFiresWatchesBelowWithTheirOwnPath() {
        dom0.write("/p/q/r", "1");
        dom0.ok(XsType.WATCH, "/p/q/r", "deep");
        dom0.ok(XsType.WATCH, "/p", "top");
        dom0.events();
        dom0.ok(XsType.RM, "/p/q");
        List<String> ev = dom0.events();
        assertEquals(2, ev.size());
        assertEquals(true, ev.contains("/p/q/r|deep"));
        assertEquals(true, ev.contains("/p/q|top"));
    }

    @Test
    void relativeWatchGetsRelativePaths() {
        dom5.ok(XsType.WATCH, "data", "rel");
        assertEquals(List.of("data|rel"), dom5.events());
        dom5.write("data/x", "1");
        assertEquals(List.of("data/x|rel"), dom5.events());
    }

    @Test
    void unprivilegedWatcherOnlyHearsNodesItCanRead() {
        dom5.ok(XsType.WATCH, "/local/domain", "all");
        dom5.events();
        dom0.write("/local/domain/0/secret", "s");
        dom0.write("/local/domain/5/data/visible", "v");
        assertEquals(List.of("/local/domain/5/data/visible|all"), dom5.events());
    }

    @Test
    void unwatchStopsEventsAndUnknownIsEnoent() {
        dom0.ok(XsType.WATCH, "/u", "t");
        dom0.ok(XsType.UNWATCH, "/u", "t");
        dom0.events();
        dom0.write("/u", "1");
        assertEquals(List.of(), dom0.events());
        assertEquals(XsError.ENOENT, dom0.err(XsType.UNWATCH, "/u", "t"));
    }

    @Test
    void duplicateWatchIsEexistAndSameTokenOtherPathIsFine() {
        dom0.ok(XsType.WATCH, "/d", "t");
        assertEquals(XsError.EEXIST, dom0.err(XsType.WATCH, "/d", "t"));
        assertEquals("OK", dom0.ok(XsType.WATCH, "/e", "t"));
    }

    @Test
    void depthArgumentAcceptedAndValidated() {
        assertEquals("OK", dom0.ok(XsType.WATCH, "/x", "t", "1"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.WATCH, "/y", "t", "deep"));
    }

    @Test
    void depthLimitsHowFarBelowAChangeFires() {
        dom0.ok(XsType.WATCH, "/d", "d0", "0");
        dom0.ok(XsType.WATCH, "/d", "d1", "1");
        dom0.ok(XsType.WATCH, "/d", "all");
        dom0.events();
        dom0.write("/d", "v");
        dom0.write("/d/a", "v");
        dom0.write("/d/a/b", "v");
        assertEquals(List.of("/d|d0", "/d|d1", "/d|all", "/d/a|d1", "/d/a|all", "/d/a/b|all"), dom0.events());
        dom0.ok(XsType.RM, "/d");
        assertEquals(List.of("/d|d0", "/d|d1", "/d|all"), dom0.events(), "removal fires the watched node at depth 0");
    }

    @Test
    void specialWatchesFireOnIntroduceAndRelease() {
        dom5.ok(XsType.WATCH, "@introduceDomain", "i");
        dom5.ok(XsType.WATCH, "@releaseDomain", "r");
        assertEquals(List.of("@introduceDomain|i", "@releaseDomain|r"), dom5.events());
        dom0.ok(XsType.INTRODUCE, "9", "1", "1");
        assertEquals(List.of("@introduceDomain|i"), dom5.events());
        dom0.ok(XsType.RELEASE, "9");
        assertEquals(List.of("@releaseDomain|r"), dom5.events());
        dom0.write("/anything", "1");
        assertEquals(List.of(), dom5.events(), "special watches ignore node changes");
    }

    @Test
    void domainShutdownFiresReleaseDomainForIntroducedDomainsOnly() {
        dom0.ok(XsType.WATCH, "@releaseDomain", "r");
        dom0.events();
        d.domainShutdown(9);
        assertEquals(List.of(), dom0.events(), "unknown domain: nothing");
        dom0.ok(XsType.INTRODUCE, "9", "1", "1");
        d.domainShutdown(9);
        assertEquals(List.of("@releaseDomain|r"), dom0.events());
        assertEquals("T", dom0.ok(XsType.IS_DOMAIN_INTRODUCED, "9"), "still introduced until RELEASE");
    }

    @Test
    void watchesOfAClosedConnectionAreGone() {
        TestClient other = new TestClient(d, 0);
        other.ok(XsType.WATCH, "/z", "t");
        d.disconnect(other.conn);
        dom0.write("/z", "1");
        assertEquals(null, other.conn.poll());
    }
}
