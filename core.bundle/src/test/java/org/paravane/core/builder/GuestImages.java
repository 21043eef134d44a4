package org.paravane.core.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the committed guest kernels (guest/images/*.elf) from the workspace root. */
final class GuestImages {

    private GuestImages() {
    }

    /** The workspace root (system property paravane.root set by the root pom, else ..). */
    static Path root() {
        return Path.of(System.getProperty("paravane.root", "..")).toAbsolutePath().normalize();
    }

    static Path image(String program) {
        return root().resolve("guest/images/" + program + ".elf");
    }

    static byte[] read(String program) {
        try {
            return Files.readAllBytes(image(program));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
