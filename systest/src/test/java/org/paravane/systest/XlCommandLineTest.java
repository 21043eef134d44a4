package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hv xl} as a user types it: create from the bundled hello.cfg by a path relative
 * to the user's directory, list, destroy, an unknown subcommand and a broken config.
 */
class XlCommandLineTest {

    @TempDir
    Path tmp;

    private Path state;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (state != null && Files.exists(state.resolve("daemon.pid"))) {
            Hv.run(state, 60, "stop");
        }
    }

    @Test
    void createListDestroy() throws Exception {
        state = tmp.resolve("state");
        Hv.Result start = Hv.run(state, 180, "start");
        assertEquals(0, start.exitCode(), start.all());

        // relative to the user's directory (examples/), not the daemon's; preserved after its
        // poweroff so that list and destroy find it (xl's default on_poweroff destroys it)
        Path examples = Hv.ROOT.resolve("toolstack-xend.bundle/src/main/resources/examples");
        Hv.Result create = Hv.runIn(examples, state, 60, "xl", "create", "hello.cfg", "memory=8",
                "on_poweroff='preserve'");
        assertEquals(0, create.exitCode(), create.all());
        assertTrue(create.stdout().matches("(?s).*Domain \\d+ \\(hello\\) created.*"), create.all());

        Hv.Result list = Hv.run(state, 60, "xl", "list");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.stdout().startsWith("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"),
                list.stdout());
        assertTrue(list.stdout().matches("(?s).*\nhello +\\d+ +8 +1 +[-rbpscd]{6} +\\d+\\.\\d\n.*"), list.stdout());

        Hv.Result domid = Hv.run(state, 60, "xm", "domid", "hello");
        assertEquals(0, domid.exitCode(), domid.all());
        assertTrue(domid.stdout().trim().matches("\\d+"), domid.all());

        Hv.Result destroy = Hv.run(state, 60, "xl", "destroy", "hello");
        assertEquals(0, destroy.exitCode(), destroy.all());
        Hv.Result after = Hv.run(state, 60, "xl", "list");
        assertFalse(after.stdout().contains("hello"), after.stdout());

        Hv.Result again = Hv.run(state, 60, "xl", "destroy", "hello");
        assertEquals(1, again.exitCode(), again.all());
        assertTrue(again.all().contains("domain 'hello' does not exist"), again.all());

        Hv.Result unknown = Hv.run(state, 60, "xl", "migrate", "hello", "host");
        assertEquals(1, unknown.exitCode(), unknown.all());
        assertEquals("xl: 'migrate' is not available yet\n", unknown.stderr());

        Path broken = tmp.resolve("dir with space/bro'ken.cfg");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "name = 'b'\nmemory = = 3\n");
        Hv.Result bad = Hv.runIn(tmp, state, 60, "xl", "create", "dir with space/bro'ken.cfg");
        assertEquals(1, bad.exitCode(), bad.all());
        assertTrue(bad.all().contains(broken + ":2:"), bad.all());
    }
}
