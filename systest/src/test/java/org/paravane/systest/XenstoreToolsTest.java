package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's xenstore-utils against the running daemon, set up exactly as a user would:
 * {@code eval "$(hv env)"} then the tools.
 */
class XenstoreToolsTest {

    @TempDir
    Path tmp;

    private Path state;

    @AfterEach
    void stop() throws Exception {
        if (state != null) {
            Hv.run(state, 60, "stop");
        }
    }

    private static boolean toolsPresent() {
        return Files.isExecutable(Path.of("/usr/bin/xenstore-read"));
    }

    @Test
    void debianToolsTalkToTheDaemon() throws Exception {
        if (System.getenv("CI") == null) {
            assumeTrue(toolsPresent(), "Debian xenstore-utils not installed (./hv test installs them)");
        }
        state = tmp.resolve("state");
        Hv.Result start = Hv.run(state, 180, "start");
        assertEquals(0, start.exitCode(), start.all());

        String script = "set -e; eval \"$('" + Hv.ROOT.resolve("hv") + "' --state '" + state + "' env)\"; "
                + "xenstore-read /local/domain/0/name; "
                + "xenstore-write /tool/probe hello; xenstore-read /tool/probe; "
                + "xenstore-exists /tool/probe && echo exists; "
                + "xenstore-rm /tool/probe; xenstore-exists /tool/probe || echo gone";
        Hv.Result tools = Hv.exec(List.of("bash", "-c", script), 60);
        assertEquals(0, tools.exitCode(), tools.all());
        assertEquals(List.of("Domain-0", "hello", "exists", "gone"), tools.stdout().lines().toList(), tools.all());
        assertTrue(Files.exists(state.resolve("xenstored/socket")));
    }
}
