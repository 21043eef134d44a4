package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paravane.api.store.XsError;

class TreeAndPermissionTest {

    XenStoreDaemon d;
    TestClient dom0;
    TestClient dom5;
    TestClient dom7;

    @BeforeEach
    void setUp() throws Exception {
        d = new XenStoreDaemon(Quotas.defaults());
        dom0 = new TestClient(d, 0);
        dom5 = new TestClient(d, 5);
        dom7 = new TestClient(d, 7);
        try (LocalXenStore local = new LocalXenStore(d)) {
            Dom0Layout.populate(local);
            Dom0Layout.createDomainHome(local, 5, "guest5");
            Dom0Layout.createDomainHome(local, 7, "guest7");
        }
    }

    @Test
    void writeCreatesParentsWhichInheritPerms() {
        dom0.write("/a/b/c", "v");
        assertEquals("v", dom0.read("/a/b/c"));
        assertEquals("", dom0.read("/a/b"));
        assertEquals(List.of("b"), dom0.dir("/a"));
        assertEquals("n0", dom0.ok(XsType.GET_PERMS, "/a/b"), "root's n0 inherited");
    }

    @Test
    void readMissingIsEnoentAndValueHasNoTrailingNul() {
        assertEquals(XsError.ENOENT, dom0.err(XsType.READ, "/nope"));
        dom0.write("/k", "abc");
        assertEquals(3, dom0.req(XsType.READ, 0, "/k").payload().length);
    }

    @Test
    void mkdirKeepsExistingValue() {
        dom0.write("/k", "keep");
        dom0.ok(XsType.MKDIR, "/k");
        assertEquals("keep", dom0.read("/k"));
        dom0.ok(XsType.MKDIR, "/m/n");
        assertEquals(List.of("n"), dom0.dir("/m"));
    }

    @Test
    void rmRemovesSubtreeAbsentIsOkButMissingParentIsEnoent() {
        dom0.write("/t/x/y", "1");
        dom0.write("/t/z", "2");
        dom0.ok(XsType.RM, "/t/x");
        assertEquals(List.of("z"), dom0.dir("/t"));
        assertEquals(XsError.ENOENT, dom0.err(XsType.READ, "/t/x/y"));
        dom0.ok(XsType.RM, "/t/x");
        assertEquals(XsError.ENOENT, dom0.err(XsType.RM, "/t/q/r"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.RM, "/"));
    }

    @Test
    void childrenListedInCreationOrder() {
        dom0.write("/o/zeta", "");
        dom0.write("/o/alpha", "");
        dom0.write("/o/mid", "");
        assertEquals(List.of("zeta", "alpha", "mid"), dom0.dir("/o"));
    }

    @Test
    void guestCannotReadDom0Nodes() {
        assertEquals(XsError.EACCES, dom5.err(XsType.READ, "/local/domain/0/name"));
        assertEquals(XsError.EACCES, dom5.err(XsType.DIRECTORY, "/vm"));
        assertEquals(XsError.EACCES, dom5.writeErr(0, "/vm/x", "1"));
        assertEquals(XsError.EACCES, dom5.err(XsType.GET_PERMS, "/local/domain/0"));
    }

    @Test
    void guestReadsOwnHomeWritesOnlyWritableSubtrees() {
        assertEquals("guest5", dom5.read("/local/domain/5/name"));
        assertEquals("guest5", dom5.read("name"), "relative to the home");
        assertEquals(XsError.EACCES, dom5.writeErr(0, "name", "evil"));
        assertEquals(XsError.EACCES, dom5.writeErr(0, "device/vif/0/state", "1"));
        dom5.write("data/x", "1");
        assertEquals("1", dom5.read("/local/domain/5/data/x"));
        assertEquals(XsError.EACCES, dom7.err(XsType.READ, "/local/domain/5/data/x"), "other guests see nothing");
    }

    @Test
    void unprivilegedCreatorOwnsNewNodes() {
        dom5.write("data/mine/leaf", "v");
        assertEquals("n5", dom5.ok(XsType.GET_PERMS, "data/mine"));
        assertEquals("n5", dom0.ok(XsType.GET_PERMS, "/local/domain/5/data/mine/leaf"));
        dom0.write("/local/domain/5/data/byDom0", "v");
        assertEquals("n5", dom0.ok(XsType.GET_PERMS, "/local/domain/5/data/byDom0"), "dom0 inherits the list as is");
    }

    @Test
    void ownerFirstThenEntriesDefaultIsFirstLetter() {
        dom0.write("/shared/k", "v");
        dom0.ok(XsType.SET_PERMS, "/shared/k", "r0", "b5", "n7");
        assertEquals("r0\0b5\0n7", dom0.ok(XsType.GET_PERMS, "/shared/k"));
        assertEquals(XsError.EACCES, dom7.err(XsType.READ, "/shared/k"));
        dom0.ok(XsType.SET_PERMS, "/shared", "r0");
        assertEquals("v", dom5.read("/shared/k"));
        dom5.write("/shared/k", "by5");
        dom0.ok(XsType.SET_PERMS, "/shared/k", "r0");
        assertEquals("by5", dom7.read("/shared/k"), "first letter is the default");
        assertEquals(XsError.EACCES, dom7.writeErr(0, "/shared/k", "x"));
    }

    @Test
    void onlyOwnerSetsPermsAndOnlyDom0ChangesOwner() {
        dom5.write("data/p", "v");
        dom5.ok(XsType.SET_PERMS, "data/p", "n5", "r7");
        assertEquals("v", dom7.read("/local/domain/5/data/p"));
        assertEquals(XsError.EACCES, dom7.err(XsType.SET_PERMS, "/local/domain/5/data/p", "b7"));
        assertEquals(XsError.EPERM, dom5.err(XsType.SET_PERMS, "data/p", "n7"));
        dom0.ok(XsType.SET_PERMS, "/local/domain/5/data/p", "n7");
        assertEquals("n7", dom0.ok(XsType.GET_PERMS, "/local/domain/5/data/p"));
    }

    @Test
    void badPermissionStringsAreEinval() {
        dom0.write("/p", "");
        assertEquals(XsError.EINVAL, dom0.err(XsType.SET_PERMS, "/p", "x0"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.SET_PERMS, "/p", "r"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.SET_PERMS, "/p", "r99999999"));
        assertEquals(XsError.EINVAL, dom0.err(XsType.SET_PERMS, "/p"));
        assertEquals(XsError.ENOENT, dom0.err(XsType.SET_PERMS, "/nope", "n0"));
    }

    @Test
    void invalidPathsAreEinval() {
        for (String p : new String[] {"", "/a//b", "/a/", "/a b", "/a\u00e9", "/a.b"}) {
            assertEquals(XsError.EINVAL, dom0.err(XsType.READ, p), p);
        }
        assertEquals(XsError.EINVAL, dom0.err(XsType.READ, "/" + "a".repeat(3072)));
        assertEquals(XsError.EINVAL, dom5.err(XsType.READ, "a".repeat(2049)), "relative path-max");
    }

    @Test
    void setTargetGivesStubDomainRightsOverTarget() {
        dom0.ok(XsType.INTRODUCE, "7", "100", "1");
        dom0.ok(XsType.INTRODUCE, "5", "101", "2");
        assertEquals(XsError.EACCES, dom7.err(XsType.READ, "/local/domain/5/data"));
        dom0.ok(XsType.SET_TARGET, "7", "5");
        dom0.ok(XsType.SET_PERMS, "/local/domain/5/data", "n5");
        assertEquals("", dom7.read("/local/domain/5/data"));
        dom7.write("/local/domain/5/data/fromStub", "1");
    }
}
