package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a user meets it: hv start / shell / stop on a private state directory,
 * the instance lock, owner-only sockets and a clean stop on SIGTERM.
 */
class DaemonLifecycleTest {

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
    void startShellStop() throws Exception {
        state = tmp.resolve("state");
        Path deploy = tmp.resolve("elsewhere/deploy");
        Hv.Result start = Hv.run(state, 180, "--deploy", deploy.toString(), "start");
        assertEquals(0, start.exitCode(), start.all());
        assertTrue(start.stdout().contains("Paravane ready"), start.all());
        assertTrue(start.stdout().contains("dom0 'Domain-0' up"), start.all());

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("control.sock"))));

        Hv.Result status = Hv.run(state, 60, "shell", "-c", "hv:status");
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.stdout().contains("Domain-0"), status.stdout());
        assertTrue(status.stdout().contains("org.paravane.core"), status.stdout());
        assertTrue(status.stdout().contains("hot-deploy folder: " + deploy), status.stdout());

        Hv.Result unknown = Hv.run(state, 60, "shell", "-c", "no-such-command");
        assertEquals(1, unknown.exitCode(), unknown.all());
        assertTrue(unknown.stdout().contains("error:"), unknown.stdout());

        Hv.Result stop = Hv.run(state, 60, "stop");
        assertEquals(0, stop.exitCode(), stop.all());
        String log = Files.readString(state.resolve("log/daemon.log"));
        assertTrue(log.contains("signal received: stopping the daemon"), log);
        assertTrue(log.contains("hypervisor stopped: 1 domain(s) destroyed"), log);
        assertTrue(log.contains("released"), log);
        assertFalse(log.contains("Exception"), "a clean stop logs no exception:\n" + log);
        assertFalse(Files.exists(state.resolve("daemon.pid")), "pid file removed on stop");
        assertFalse(Files.exists(state.resolve("control.sock")), "socket removed on stop");
    }

    @Test
    void oneDaemonPerStateDirectory() throws Exception {
        state = tmp.resolve("state");
        Hv.Result first = Hv.run(state, 180, "start");
        assertEquals(0, first.exitCode(), first.all());
        long pid = Long.parseLong(Files.readString(state.resolve("daemon.pid")).trim());

        Hv.Result second = Hv.run(state, 60, "start");
        assertNotEquals(0, second.exitCode());
        assertTrue(second.stderr().contains("process " + pid), second.all());

        // Bypassing the launcher, the daemon itself refuses the directory and exits. It has a
        // runtime directory of its own, as hv would give it, and must not sweep the live
        // daemon's (only the lock holder deletes other starts' runtime directories).
        List<Path> liveRuntime;
        try (var l = Files.list(state.resolve("runtime"))) {
            liveRuntime = l.toList();
        }
        assertEquals(1, liveRuntime.size(), liveRuntime.toString());
        Path directRuntime = Files.createDirectories(state.resolve("runtime/direct/tmp")).getParent();
        String java = ProcessHandle.current().info().command().orElse("java");
        Hv.Result direct = Hv.exec(List.of(java, "--sun-misc-unsafe-memory-access=allow",
                "-Dparavane.state=" + state, "-Dparavane.runtime=" + directRuntime,
                "-Dlaunch.storage.dir=" + directRuntime.resolve("felix-cache"),
                "-Djava.io.tmpdir=" + directRuntime.resolve("tmp"), "-Dfelix.fileinstall.dir=" + state.resolve("deploy"),
                "-jar", Hv.ROOT.resolve("app/target/hypervisor.jar").toString()), 120);
        assertNotEquals(0, direct.exitCode(), direct.all());
        assertTrue(direct.all().contains("is in use by process " + pid), direct.all());
        assertEquals(String.valueOf(pid), Files.readString(state.resolve("daemon.pid")).trim(),
                "the running daemon keeps its directory");
        assertTrue(Files.isDirectory(liveRuntime.get(0).resolve("felix-cache")),
                "the running daemon keeps its framework storage");

        Hv.Result status = Hv.run(state, 60, "shell", "-c", "hv:domains");
        assertEquals(0, status.exitCode(), status.all());
    }

    @Test
    void demoRunsOnDefaultsAndExitsZero() throws Exception {
        Hv.Result demo = Hv.exec(List.of(Hv.ROOT.resolve("hv").toString(), "demo"), 300);
        assertEquals(0, demo.exitCode(), demo.all());
        assertTrue(demo.stdout().contains("Paravane ready"), demo.all());
        assertTrue(demo.stdout().contains("Domain-0"), demo.all());
        assertTrue(demo.stdout().contains("disktest: OK bytes=2097152 passes=2 verified=4194304 errors=0"),
                "the demo runs the disktest guest on its VHD disk and shows its console:\n" + demo.all());
        assertTrue(demo.stderr().contains("Domain 1 (disk-demo) created"), demo.all());
    }
}
