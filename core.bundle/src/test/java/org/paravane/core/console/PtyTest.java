package org.paravane.core.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.paravane.lib.io.FdCalls;

/** Real PTYs through the FFM API: bytes both ways, raw mode, errno, close. */
@EnabledOnOs(OS.LINUX)
class PtyTest {

    /** Every byte value, including the ones a cooked terminal would translate or act on. */
    private static final byte[] ALL = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALL[i] = (byte) i;
        }
    }

    static byte[] readExactly(FileInputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "end of file before " + n + " bytes");
        return b;
    }

    static byte[] readMaster(Pty pty, int n) throws IOException {
        byte[] got = new byte[n];
        int have = 0;
        while (have < n) {
            assertTrue(pty.awaitReadable(10_000), "master readable");
            have += pty.read(got, have, n - have);
        }
        return got;
    }

    @Test
    void bytesPassUnmodifiedFromMasterToSlaveAndBack() throws IOException {
        try (Pty pty = Pty.open()) {
            assertTrue(pty.slavePath().startsWith("/dev/pts/"), pty.slavePath());
            try (FileInputStream slaveIn = new FileInputStream(pty.slavePath());
                    FileOutputStream slaveOut = new FileOutputStream(pty.slavePath())) {
                // master -> slave: \r stays \r (no ICRNL), ^C and ^] are data, not signals
                assertEquals(ALL.length, pty.write(ALL, 0, ALL.length));
                assertArrayEquals(ALL, readExactly(slaveIn, ALL.length));
                // slave -> master: \n stays \n (no ONLCR)
                slaveOut.write(ALL);
                slaveOut.flush();
                assertArrayEquals(ALL, readMaster(pty, ALL.length));
            }
        }
    }

    @Test
    void theSlaveDoesNotEcho() throws IOException {
        try (Pty pty = Pty.open();
                FileInputStream slaveIn = new FileInputStream(pty.slavePath());
                FileOutputStream slaveOut = new FileOutputStream(pty.slavePath())) {
            byte[] typed = "typed\r".getBytes();
            pty.write(typed, 0, typed.length);
            assertArrayEquals(typed, readExactly(slaveIn, typed.length)); // processed by the line discipline
            slaveOut.write('Z');
            // With echo on, "typed" would come back on the master before 'Z'.
            assertArrayEquals(new byte[] {'Z'}, readMaster(pty, 1));
        }
    }

    @Test
    void closeEndsTheSlaveAndFreesBothDescriptors() throws IOException {
        long before = openFds();
        Pty pty = Pty.open();
        assertEquals(before + 2, openFds(), "master and slave");
        try (FileInputStream slaveIn = new FileInputStream(pty.slavePath())) {
            pty.close();
            pty.close(); // idempotent
            assertTrue(pty.isClosed());
            int r;
            try {
                r = slaveIn.read();
            } catch (IOException eio) {
                r = -1; // Linux reports the hang-up as EIO
            }
            assertEquals(-1, r, "a reader of the slave sees the end");
        }
        assertEquals(before, openFds());
        IOException e = assertThrows(IOException.class, () -> pty.write(new byte[1], 0, 1));
        assertEquals("PTY " + pty.slavePath() + " is closed", e.getMessage());
        assertThrows(IOException.class, () -> Files.newInputStream(Path.of(pty.slavePath())).close(),
                "the slave device is gone");
    }

    @Test
    void twoHundredPtysOpenAndCloseWithoutLeaking() throws IOException {
        long before = openFds();
        Pty[] ptys = new Pty[200];
        for (int i = 0; i < ptys.length; i++) {
            ptys[i] = Pty.open();
        }
        assertEquals(200, Arrays.stream(ptys).map(Pty::slavePath).distinct().count(), "distinct slaves");
        for (Pty p : ptys) {
            p.close();
        }
        assertEquals(before, openFds());
    }

    @Test
    void errnoIsCapturedAndNamed() {
        assertEquals(-1, FdCalls.close(-1));
        int errno = Posix.errno();
        assertEquals(9, errno, "EBADF");
        assertEquals("close(-1): Bad file descriptor (errno 9)", Posix.failure("close(-1)", errno).getMessage());
        FdCalls.write(-1, java.lang.foreign.MemorySegment.NULL, 0);
        assertEquals(9, Posix.errno());
    }

    private static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
