package org.paravane.core.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-start runtime directories under {@code <state>/runtime/}: each daemon start gets
 * one ({@code hv} makes it) holding the OSGi framework storage ({@code felix-cache/}) and
 * the JVM's temp folder ({@code tmp/}). Nothing of a start lives in {@code /tmp}, so a
 * {@code kill -9} leaks nothing there; what it leaves under {@code runtime/} is deleted by
 * the next daemon that locks the state directory. Only the lock holder sweeps, because a
 * second daemon started on a busy directory must not delete the live daemon's bundle cache
 * before it learns that the directory is taken.
 */
public final class RuntimeDirectories {

    /** Name of the folder, inside the state directory, that holds the per-start directories. */
    public static final String FOLDER = "runtime";

    private RuntimeDirectories() {
    }

    /**
     * The runtime directory this process was started with, when it is a direct child of
     * {@code <state>/runtime}; {@code null} when none was configured or it lies elsewhere
     * (then every entry of the folder is stale).
     */
    public static Path ownDirectory(Path stateRoot, String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        Path own = Path.of(configured).toAbsolutePath().normalize();
        Path folder = stateRoot.toAbsolutePath().normalize().resolve(FOLDER);
        return folder.equals(own.getParent()) ? own : null;
    }

    /**
     * Deletes every entry of {@code <state>/runtime} except {@code own}; the caller must
     * hold the state directory's lock. Symbolic links are removed, never followed.
     *
     * @return the entries deleted
     * @throws IOException when the folder cannot be listed or an entry cannot be deleted
     */
    public static List<Path> sweepStale(Path stateRoot, Path own) throws IOException {
        Path folder = stateRoot.toAbsolutePath().normalize().resolve(FOLDER);
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return deleted;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (entry.equals(own)) {
                    continue;
                }
                deleteTree(entry);
                deleted.add(entry);
            }
        }
        return deleted;
    }

    /** Deletes a file or a directory tree without following links. */
    static void deleteTree(Path top) throws IOException {
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(top);
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // gone meanwhile: nothing to delete
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
