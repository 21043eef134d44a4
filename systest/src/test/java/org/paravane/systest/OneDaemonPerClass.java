package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon for all tests of a class: {@code hv start} on a fresh state directory under the
 * class's temporary folder before the first test, {@code hv stop} after the last. Test
 * classes run one after another, so the static fields belong to the running class.
 */
abstract class OneDaemonPerClass {

    @TempDir
    static Path tmp;

    static Path state;

    @BeforeAll
    static void startDaemon() throws Exception {
        state = tmp.resolve("state");
        Hv.Result start = Hv.run(state, 180, "start");
        assertEquals(0, start.exitCode(), start.all());
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (state != null && Files.exists(state.resolve("daemon.pid"))) {
            Hv.run(state, 60, "stop");
        }
    }
}
