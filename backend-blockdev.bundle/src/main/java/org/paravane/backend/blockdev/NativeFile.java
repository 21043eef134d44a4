package org.paravane.backend.blockdev;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.paravane.lib.io.FdCalls;

/**
 * An open file descriptor on an image file or block device, with the positional I/O, size,
 * punch-hole and sync calls the raw backend uses. Not thread-safe for close; the I/O calls
 * themselves are positional ({@code pread}/{@code pwrite}) and share no file offset.
 */
final class NativeFile implements AutoCloseable {

    private final Path path;
    private final int fd;
    private final boolean direct;
    private boolean closed;

    private NativeFile(Path path, int fd, boolean direct) {
        this.path = path;
        this.fd = fd;
        this.direct = direct;
    }

    /**
     * Opens {@code path}. {@code O_CLOEXEC} always, so a child process never inherits the
     * image.
     *
     * @throws ErrnoException with the errno of {@code open(2)}
     */
    static NativeFile open(Path path, boolean writable, boolean direct) throws ErrnoException {
        int flags = (writable ? Libc.O_RDWR : Libc.O_RDONLY) | Libc.O_CLOEXEC | (direct ? Libc.O_DIRECT : 0);
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.open(arena.allocateFrom(path.toString()), flags, 0);
            if (fd < 0) {
                throw new ErrnoException("open " + path + (direct ? " with O_DIRECT" : ""), Libc.errno());
            }
            return new NativeFile(path, fd, direct);
        }
    }

    Path path() {
        return path;
    }

    boolean direct() {
        return direct;
    }

    /** The descriptor, for calls made elsewhere ({@link LinuxAio}); valid until {@link #close}. */
    int fd() {
        return fd;
    }

    /** The byte length by {@code lseek(SEEK_END)}; works for regular files and block devices. */
    long seekEnd() throws ErrnoException {
        long end = Libc.lseek(fd, 0, Libc.SEEK_END);
        if (end < 0) {
            throw new ErrnoException("lseek(SEEK_END) " + path, Libc.errno());
        }
        return end;
    }

    /** {@code lseek} with SEEK_DATA or SEEK_HOLE; -1 when there is no such offset (ENXIO). */
    long seek(long offset, int whence) {
        return Libc.lseek(fd, offset, whence);
    }

    /** A block device's size in bytes (ioctl BLKGETSIZE64). */
    long blockDeviceBytes() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            if (Libc.ioctl(fd, Libc.BLKGETSIZE64, out) < 0) {
                throw new ErrnoException("ioctl(BLKGETSIZE64) " + path, Libc.errno());
            }
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** A block device's logical sector size (ioctl BLKSSZGET). */
    int blockDeviceSectorSize() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            if (Libc.ioctl(fd, Libc.BLKSSZGET, out) < 0) {
                throw new ErrnoException("ioctl(BLKSSZGET) " + path, Libc.errno());
            }
            return out.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** One {@code pread}; returns the bytes read (0 at end of file). EINTR is retried. */
    long pread(MemorySegment buf, long offset) throws ErrnoException {
        return retryingEintr("pread", offset, () -> Libc.pread(fd, buf, buf.byteSize(), offset));
    }

    /** One {@code pwrite}; returns the bytes written. EINTR is retried. */
    long pwrite(MemorySegment buf, long offset) throws ErrnoException {
        return retryingEintr("pwrite", offset, () -> Libc.pwrite(fd, buf, buf.byteSize(), offset));
    }

    /** One {@code preadv} over {@code count} iovecs; returns the bytes read. EINTR is retried. */
    long preadv(MemorySegment iov, int count, long offset) throws ErrnoException {
        return retryingEintr("preadv", offset, () -> Libc.preadv(fd, iov, count, offset));
    }

    /** One {@code pwritev} over {@code count} iovecs; returns the bytes written. EINTR is retried. */
    long pwritev(MemorySegment iov, int count, long offset) throws ErrnoException {
        return retryingEintr("pwritev", offset, () -> Libc.pwritev(fd, iov, count, offset));
    }

    /** One system call returning a count, or -1 with errno set. */
    @FunctionalInterface
    private interface CountingCall {
        long call();
    }

    /** Runs {@code call} until it is not interrupted (EINTR); other errors name {@code op}, the file and the offset. */
    private long retryingEintr(String op, long offset, CountingCall call) throws ErrnoException {
        while (true) {
            long n = call.call();
            if (n >= 0) {
                return n;
            }
            int e = Libc.errno();
            if (e != Libc.EINTR) {
                throw new ErrnoException(op + " " + path + " at byte " + offset, e);
            }
        }
    }

    /**
     * Deallocates a byte range, keeping the size ({@code fallocate(PUNCH_HOLE|KEEP_SIZE)});
     * on a block device the kernel discards the range and guarantees zeros.
     *
     * @return false when the file system or device does not support punching holes
     */
    boolean punchHole(long offset, long length) throws ErrnoException {
        while (true) {
            if (Libc.fallocate(fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, offset, length) == 0) {
                return true;
            }
            int e = Libc.errno();
            if (e == Libc.EOPNOTSUPP || e == Libc.ENOSYS) {
                return false;
            }
            if (e != Libc.EINTR) {
                throw new ErrnoException("fallocate(PUNCH_HOLE) " + path + " bytes " + offset + "+" + length, e);
            }
        }
    }

    /** {@code fdatasync(2)}: data and the metadata needed to read it back are on stable storage. */
    void fdatasync() throws ErrnoException {
        while (Libc.fdatasync(fd) != 0) {
            int e = Libc.errno();
            if (e != Libc.EINTR) {
                throw new ErrnoException("fdatasync " + path, e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            // close(2) must not be retried on EINTR on Linux: the descriptor is already gone
            FdCalls.close(fd);
        }
    }
}
