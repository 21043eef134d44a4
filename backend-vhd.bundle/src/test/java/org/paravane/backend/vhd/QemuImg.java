package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code qemu-img} / {@code qemu-io} (Debian qemu-utils). Absent tools skip the
 * test with a message, except under {@code CI} where they fail it.
 */
final class QemuImg {

    record Result(int rc, String out, String err) {
        String all() {
            return "rc=" + rc + " stdout=" + out.strip() + " stderr=" + err.strip();
        }
    }

    private QemuImg() {}

    /** Skips (or, under CI, fails) the calling test when qemu-img is not installed. */
    static void require() {
        if (find("qemu-img") != null && find("qemu-io") != null) {
            return;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            fail("qemu-img/qemu-io not found on PATH but CI=" + ci + ": install the Debian package qemu-utils");
        }
        Assumptions.abort("qemu-img not found on PATH: install the Debian package qemu-utils to run the VHD interop tests");
    }

    private static Path find(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static Result run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(args));
        try {
            Path out = Files.createTempFile("qemu-out", ".txt");
            Path err = Files.createTempFile("qemu-err", ".txt");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.rc(), () -> String.join(" ", args) + " failed: " + r.all());
        return r;
    }

    /** {@code qemu-img compare} of a vpc image with a raw file: identical content (zeros beyond the shorter). */
    static void assertSameContent(Path vhd, Path raw) {
        ok("qemu-img", "compare", "-f", "vpc", "-F", "raw", vhd.toString(), raw.toString());
    }

    /** qemu's view of the disk as raw bytes. */
    static byte[] toRaw(Path vhd, Path dir) throws IOException {
        Path raw = dir.resolve(vhd.getFileName() + ".qemu.raw");
        Files.deleteIfExists(raw);
        ok("qemu-img", "convert", "-f", "vpc", "-O", "raw", vhd.toString(), raw.toString());
        return Files.readAllBytes(raw);
    }

    static long virtualSize(Path img) {
        Result r = ok("qemu-img", "info", "--output=json", "-f", "vpc", img.toString());
        Matcher m = Pattern.compile("\"virtual-size\":\\s*(\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return Long.parseLong(m.group(1));
    }

    /**
     * {@code qemu-img check}: qemu's vpc driver implements no check and answers exit code 63
     * "This image format does not support checks", which is accepted here as "qemu could
     * open the image"; any other failure (cannot open, corruption) fails the test.
     */
    static Result check(Path img) {
        Result r = run("qemu-img", "check", "-f", "vpc", img.toString());
        boolean unsupported = r.rc() == 63 && r.err().contains("does not support checks");
        assertTrue(r.rc() == 0 || unsupported, () -> "qemu-img check " + img + ": " + r.all());
        return r;
    }

    /** Writes {@code len} bytes of value {@code pattern} at {@code offset} with qemu-io. */
    static void qemuIoWrite(Path vhd, int pattern, long offset, long len) {
        ok("qemu-io", "-f", "vpc", "-c", "write -P " + pattern + " " + offset + " " + len, vhd.toString());
    }
}
