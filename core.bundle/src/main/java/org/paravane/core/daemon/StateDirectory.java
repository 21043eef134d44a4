package org.paravane.core.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Exclusive ownership of one daemon instance's state directory.
 *
 * <p>The directory is created with mode 0700 so every socket and file in it is
 * reachable by its owner only, whatever the umask was when the socket was bound. The
 * lock is an OS file lock on {@code daemon.lock}: it dies with the process, so a crashed
 * daemon never leaves a stale lock behind; {@code daemon.pid} only tells a second
 * instance who holds it.
 */
public final class StateDirectory implements AutoCloseable {

    /** Name of the lock file inside the state directory. */
    public static final String LOCK_FILE = "daemon.lock";
    /** Name of the file holding the owner's process id. */
    public static final String PID_FILE = "daemon.pid";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates (if needed) and locks a state directory, recording this process's id.
     *
     * @throws StateDirectoryBusyException when another live process holds the lock
     * @throws IOException when the directory cannot be created or locked
     */
    public static StateDirectory acquire(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new StateDirectoryBusyException(dir, readOwnerPid(dir));
        }
        Files.writeString(dir.resolve(PID_FILE), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        return new StateDirectory(dir, channel, lock);
    }

    /** The process id recorded in {@code daemon.pid}, or -1 when unreadable. */
    public static long readOwnerPid(Path dir) {
        try {
            return Long.parseLong(Files.readString(dir.resolve(PID_FILE), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The locked directory. */
    public Path root() {
        return root;
    }

    /** Creates a sub-directory (mode 0700 inherited from the root's protection). */
    public Path subdirectory(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    /** Releases the lock and removes the pid file. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(root.resolve(PID_FILE));
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

}
