package org.paravane.core.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed guest kernels (guest/images/*.elf) are exactly what guest/ builds: the
 * sources are copied to a temporary directory, built with Debian's riscv64-unknown-elf-gcc
 * through the one Makefile, and every image must be identical byte for byte. Without the
 * cross compiler the test is skipped, except under CI=true, where it fails.
 */
class GuestImagesReproducibleTest {

    private static final String CC = "riscv64-unknown-elf-gcc";

    @TempDir
    Path work;

    private static boolean toolchainPresent() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(p -> !p.isEmpty() && Files.isExecutable(Path.of(p, CC)));
    }

    @Test
    void imagesRebuildByteForByte() throws Exception {
        if (!toolchainPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CC + " (Debian package gcc-riscv64-unknown-elf) is not installed: CI must rebuild the guest"
                        + " images and compare them with guest/images");
            }
            Assumptions.abort(CC + " not installed (Debian package gcc-riscv64-unknown-elf): guest/images not"
                    + " rebuilt; set CI=true to make this a failure");
        }
        Path guest = GuestImages.root().resolve("guest");
        copyTree(guest.resolve("src"), work.resolve("src"));
        copyTree(guest.resolve("include"), work.resolve("include"));
        Files.copy(guest.resolve("Makefile"), work.resolve("Makefile"));
        Process p = new ProcessBuilder("make", "-s", "-C", work.toString(), "all")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "make did not finish");
        assertEquals(0, p.exitValue(), "make -C guest failed:\n" + out);

        List<Path> committed;
        try (Stream<Path> s = Files.list(guest.resolve("images"))) {
            committed = s.filter(f -> f.toString().endsWith(".elf")).sorted().toList();
        }
        List<String> built;
        try (Stream<Path> s = Files.list(work.resolve("build"))) {
            built = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".elf")).sorted().toList();
        }
        assertEquals(built, committed.stream().map(f -> f.getFileName().toString()).toList(),
                "guest/images must hold exactly the images the Makefile builds");
        for (Path c : committed) {
            byte[] rebuilt = Files.readAllBytes(work.resolve("build").resolve(c.getFileName()));
            assertArrayEquals(Files.readAllBytes(c), rebuilt, c.getFileName()
                    + " differs from a rebuild of guest/ (run make -C guest images and commit)");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
