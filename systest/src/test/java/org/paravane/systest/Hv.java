package org.paravane.systest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code hv} launcher of this checkout, as a user would. */
final class Hv {

    /** The repository root (where hv lives). */
    static final Path ROOT = Path.of(System.getProperty("paravane.root", "..")).toAbsolutePath().normalize();

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private Hv() {
    }

    /** Runs {@code hv --state STATE ARGS...} and waits at most {@code timeoutSeconds}. */
    static Result run(Path state, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("hv").toString(), "--state", state.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, timeoutSeconds);
    }

    /** Runs {@code hv --state STATE ARGS...} from directory {@code cwd}, as a user in that directory would. */
    static Result runIn(Path cwd, Path state, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("hv").toString(), "--state", state.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, cwd, timeoutSeconds);
    }

    static Result exec(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        return exec(cmd, ROOT, timeoutSeconds);
    }

    static Result exec(List<String> cmd, Path cwd, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("hv-out", ".txt");
        Path err = Files.createTempFile("hv-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("'" + String.join(" ", cmd) + "' did not finish within " + timeoutSeconds
                        + " s; output so far:\n" + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
