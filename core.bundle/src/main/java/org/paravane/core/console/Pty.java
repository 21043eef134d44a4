package org.paravane.core.console;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.paravane.lib.io.FdCalls;

/**
 * A pseudo-terminal opened through the FFM API: {@code posix_openpt(O_RDWR|O_NOCTTY)},
 * {@code grantpt}, {@code unlockpt}, {@code ptsname_r}. The slave is opened once and kept
 * open for the life of the PTY, for two reasons: its line discipline is switched to raw
 * mode ({@code tcgetattr}, {@code cfmakeraw}, {@code tcsetattr}) so bytes pass unmodified in
 * both directions, and a master whose slave has no opener reports a hang-up on every poll
 * (Linux), which would make the console loop spin between two {@code hv console} sessions.
 * The master is non-blocking: {@link #read} and {@link #write} return 0 instead of waiting.
 *
 * <p>Linux only. Methods are not thread-safe; {@link #close} is idempotent.
 */
public final class Pty implements AutoCloseable {

    private final int master;
    private final int slave;
    private final String slavePath;
    private boolean closed;

    private Pty(int master, int slave, String slavePath) {
        this.master = master;
        this.slave = slave;
        this.slavePath = slavePath;
    }

    /** True when PTYs can be opened on this host (Linux). */
    public static boolean supported() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /**
     * Opens a new PTY pair with the slave in raw mode and the master non-blocking.
     *
     * @throws IOException naming the call that failed and errno's text (for example when
     *                     {@code /dev/ptmx} is missing or the PTY limit is reached)
     */
    public static Pty open() throws IOException {
        if (!supported()) {
            throw new IOException("PTYs are only supported on Linux (os.name is " + System.getProperty("os.name") + ")");
        }
        int master = Posix.posixOpenpt(Posix.O_RDWR | Posix.O_NOCTTY);
        if (master < 0) {
            throw Posix.failure("posix_openpt(O_RDWR|O_NOCTTY)", Posix.errno());
        }
        int slave = -1;
        try (Arena arena = Arena.ofConfined()) {
            if (Posix.grantpt(master) != 0) {
                throw Posix.failure("grantpt(" + master + ")", Posix.errno());
            }
            if (Posix.unlockpt(master) != 0) {
                throw Posix.failure("unlockpt(" + master + ")", Posix.errno());
            }
            MemorySegment name = arena.allocate(128);
            int err = Posix.ptsnameR(master, name);
            if (err != 0) {
                throw Posix.failure("ptsname_r(" + master + ")", err);
            }
            String path = name.getString(0);
            slave = Posix.open(arena.allocateFrom(path), Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_CLOEXEC);
            if (slave < 0) {
                throw Posix.failure("open(" + path + ")", Posix.errno());
            }
            makeRaw(slave, path, arena);
            int flags = Posix.fcntl(master, Posix.F_GETFL, 0);
            if (flags < 0 || Posix.fcntl(master, Posix.F_SETFL, flags | Posix.O_NONBLOCK) < 0) {
                throw Posix.failure("fcntl(" + master + ", F_SETFL, O_NONBLOCK)", Posix.errno());
            }
            return new Pty(master, slave, path);
        } catch (IOException | RuntimeException e) {
            if (slave >= 0) {
                FdCalls.close(slave);
            }
            FdCalls.close(master);
            throw e;
        }
    }

    private static void makeRaw(int fd, String path, Arena arena) throws IOException {
        MemorySegment termios = arena.allocate(Posix.TERMIOS_BYTES, 8);
        if (Posix.tcgetattr(fd, termios) != 0) {
            throw Posix.failure("tcgetattr(" + path + ")", Posix.errno());
        }
        Posix.cfmakeraw(termios);
        if (Posix.tcsetattr(fd, Posix.TCSANOW, termios) != 0) {
            throw Posix.failure("tcsetattr(" + path + ", TCSANOW)", Posix.errno());
        }
    }

    /** The slave's path, for example {@code /dev/pts/7}: what a terminal client opens. */
    public String slavePath() {
        return slavePath;
    }

    /** The master's file descriptor (for poll). */
    public int masterFd() {
        return master;
    }

    /**
     * Reads from the master what was typed into the slave.
     *
     * @return bytes read into {@code buf}; 0 when nothing is there now
     * @throws IOException on a read error (EIO: the terminal hung up)
     */
    public int read(MemorySegment buf, int max) throws IOException {
        ensureOpen();
        long n = FdCalls.read(master, buf, Math.min(max, buf.byteSize()));
        if (n < 0) {
            int e = Posix.errno();
            if (e == Posix.EAGAIN || e == Posix.EINTR) {
                return 0;
            }
            throw Posix.failure("read(" + slavePath + " master)", e);
        }
        return (int) n;
    }

    /**
     * Writes to the master (the slave's readers receive it) as much as the terminal takes now.
     *
     * @return bytes written; 0 when the terminal's buffer is full
     */
    public int write(MemorySegment buf, int len) throws IOException {
        ensureOpen();
        long n = FdCalls.write(master, buf, Math.min(len, buf.byteSize()));
        if (n < 0) {
            int e = Posix.errno();
            if (e == Posix.EAGAIN || e == Posix.EINTR) {
                return 0;
            }
            throw Posix.failure("write(" + slavePath + " master)", e);
        }
        return (int) n;
    }

    /** {@link #read(MemorySegment, int)} into a byte array. */
    public int read(byte[] dst, int off, int max) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, max));
            int n = read(buf, max);
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, dst, off, n);
            return n;
        }
    }

    /** {@link #write(MemorySegment, int)} from a byte array. */
    public int write(byte[] src, int off, int len) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(src, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            return write(buf, len);
        }
    }

    /**
     * Waits until the master has input or {@code timeoutMs} passed (-1: no limit).
     *
     * @return true when readable
     */
    public boolean awaitReadable(int timeoutMs) throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(Posix.POLLFD_BYTES, 4);
            fds.set(ValueLayout.JAVA_INT, 0, master);
            fds.set(ValueLayout.JAVA_SHORT, 4, Posix.POLLIN);
            int r = Posix.poll(fds, 1, timeoutMs);
            if (r < 0) {
                int e = Posix.errno();
                if (e == Posix.EINTR) {
                    return false;
                }
                throw Posix.failure("poll(" + slavePath + " master)", e);
            }
            return r > 0 && (fds.get(ValueLayout.JAVA_SHORT, 6) & Posix.POLLIN) != 0;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("PTY " + slavePath + " is closed");
        }
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the slave and the master; readers of the slave see end of file / EIO. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        FdCalls.close(slave);
        FdCalls.close(master);
    }

    @Override
    public String toString() {
        return "PTY " + slavePath;
    }
}
