package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;

/**
 * Xen's own clients (Debian's xenstore-utils, libxenstore 4.17) against the socket server,
 * found through {@code XENSTORED_PATH} exactly as a dom0 shell would.
 */
class XenstoreUtilsTest {

    private static final String[] TOOLS = {"xenstore-write", "xenstore-read", "xenstore-ls", "xenstore-list",
        "xenstore-rm", "xenstore-chmod", "xenstore-exists", "xenstore-watch"};

    @TempDir
    Path state;

    XenStoreDaemon daemon;
    UnixSocketServer server;
    LocalXenStore java;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void toolsPresent() {
        List<String> missing = new ArrayList<>();
        for (String t : TOOLS) {
            if (findOnPath(t) == null) {
                missing.add(t);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "Debian's xenstore-utils is not installed (missing " + missing
                + "); apt-get install xenstore-utils (listed in cnf/test-deps/debian.txt)";
        if (System.getenv("CI") != null) {
            fail("CI is set and " + why);
        }
        Assumptions.abort(why);
    }

    private static Path findOnPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @BeforeEach
    void start() throws Exception {
        daemon = new XenStoreDaemon(Quotas.defaults());
        java = new LocalXenStore(daemon);
        Dom0Layout.populate(java);
        server = UnixSocketServer.start(daemon, state.resolve("xenstored").resolve("socket"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        java.close();
    }

    private ProcessBuilder tool(String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XENSTORED_PATH", server.socketPath().toString());
        pb.environment().remove("XENSTORED_RUNDIR");
        return pb;
    }

    private Result run(String... cmd) throws Exception {
        Process p = tool(cmd).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void socketIsOwnerOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socketPath())));
        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socketPath().getParent())));
    }

    @Test
    void writeThenReadBothWays() throws Exception {
        Result w = run("xenstore-write", "/tool/test/a", "hello world", "/tool/test/b", "2");
        assertEquals(0, w.exit(), w.err());
        assertEquals("hello world", java.readString("/tool/test/a"));
        assertEquals("2", java.readString("/tool/test/b"));
        java.write("/tool/test/c", "from java");
        Result r = run("xenstore-read", "/tool/test/c", "/tool/test/a");
        assertEquals(0, r.exit(), r.err());
        assertEquals("from java\nhello world\n", r.out());
        Result home = run("xenstore-read", "/local/domain/0/name");
        assertEquals("Domain-0\n", home.out());
    }

    @Test
    void readOfMissingNodeFails() throws Exception {
        Result r = run("xenstore-read", "/tool/none");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("/tool/none"), r.err());
    }

    @Test
    void existsExitCodes() throws Exception {
        java.write("/tool/e", "x");
        assertEquals(0, run("xenstore-exists", "/tool/e").exit());
        assertEquals(1, run("xenstore-exists", "/tool/not-here").exit());
    }

    @Test
    void listAndLs() throws Exception {
        java.write("/tool/l/one", "1");
        java.write("/tool/l/two", "zwei");
        java.write("/tool/l/sub/deep", "d");
        Result list = run("xenstore-list", "/tool/l");
        assertEquals(0, list.exit(), list.err());
        assertEquals("one\ntwo\nsub\n", list.out());
        Result ls = run("xenstore-ls", "/tool/l");
        assertEquals(0, ls.exit(), ls.err());
        assertEquals("one = \"1\"\ntwo = \"zwei\"\nsub = \"\"\n deep = \"d\"\n", ls.out());
        Result missing = run("xenstore-list", "/tool/nothing");
        assertEquals(1, missing.exit());
    }

    @Test
    void largeDirectoryGoesThroughDirectoryPart() throws Exception {
        // 400 names of ~27 bytes exceed one 4096-byte reply: DIRECTORY answers E2BIG and
        // libxenstore falls back to DIRECTORY_PART, paging with the generation count.
        StringBuilder expected = new StringBuilder();
        try (org.paravane.api.store.XsTransaction tx = java.transaction()) {
            for (int i = 0; i < 400; i++) {
                tx.mkdir("/tool/big/child-with-a-long-name-" + i);
                expected.append("child-with-a-long-name-").append(i).append('\n');
            }
            tx.commit();
        }
        Result list = run("xenstore-list", "/tool/big");
        assertEquals(0, list.exit(), list.err());
        assertEquals(expected.toString(), list.out());
    }

    @Test
    void lsShowsPermissions() throws Exception {
        java.write("/tool/p/k", "v");
        java.setPerms("/tool/p/k", new NodePerms(List.of(new Permission(Access.NONE, 0), new Permission(Access.READ, 5))));
        Result ls = run("xenstore-ls", "-p", "/tool/p");
        assertEquals(0, ls.exit(), ls.err());
        assertTrue(ls.out().contains("(n0,r5)"), ls.out());
    }

    @Test
    void rmRemovesSubtree() throws Exception {
        java.write("/tool/r/a/b", "1");
        java.write("/tool/r/keep", "1");
        Result rm = run("xenstore-rm", "/tool/r/a");
        assertEquals(0, rm.exit(), rm.err());
        assertFalse(java.exists("/tool/r/a/b"));
        assertEquals(List.of("keep"), java.directory("/tool/r"));
    }

    @Test
    void chmodSetsPermissionList() throws Exception {
        java.write("/tool/c/k", "v");
        Result c = run("xenstore-chmod", "/tool/c/k", "n0", "r5", "b7");
        assertEquals(0, c.exit(), c.err());
        NodePerms p = java.getPerms("/tool/c/k");
        assertEquals(List.of(new Permission(Access.NONE, 0), new Permission(Access.READ, 5),
                new Permission(Access.BOTH, 7)), p.entries());
        Result bad = run("xenstore-chmod", "/tool/c/missing", "n0");
        assertEquals(1, bad.exit());
    }

    @Test
    void watchSeesInitialFireAndLaterChanges() throws Exception {
        java.mkdir("/tool/w");
        Process p = tool("xenstore-watch", "-n", "3", "/tool/w").start();
        p.getOutputStream().close();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("/tool/w", out.readLine(), "initial fire on registration");
            java.write("/tool/w/child", "1");
            assertEquals("/tool/w/child", out.readLine());
            java.rm("/tool/w");
            assertEquals("/tool/w", out.readLine());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "xenstore-watch -n 3 exits after three events");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void toolsFailCleanlyWithoutDaemon() throws Exception {
        server.close();
        Result r = run("xenstore-read", "/local/domain/0/name");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("xs_open"), r.err());
        server = UnixSocketServer.start(daemon, state.resolve("xenstored").resolve("socket"));
    }
}
