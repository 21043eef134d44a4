package org.paravane.lib.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's eventfd behind {@link EventFd}: counts, blocking, and nothing written after close. */
class EventFdTest {

    private static final int EAGAIN = 11;

    @TempDir
    Path tmp;

    @Test
    void signalsAddUpAndATakeResetsTheCount() throws Exception {
        try (EventFd bell = EventFd.open(true)) {
            assertEquals(-1, bell.take(), "nothing signalled yet");
            assertEquals(EAGAIN, LibcCalls.errno());
            bell.signal();
            bell.signal();
            bell.signal();
            assertEquals(3, bell.take());
            assertEquals(-1, bell.take(), "the take reset the count");
        }
    }

    @Test
    void aBlockingTakeWaitsForASignalFromAnotherThread() throws Exception {
        try (EventFd bell = EventFd.open(false)) {
            CountDownLatch taking = new CountDownLatch(1);
            long[] got = {0};
            Thread taker = Thread.ofPlatform().start(() -> {
                taking.countDown();
                got[0] = bell.take();
            });
            assertTrue(taking.await(10, TimeUnit.SECONDS));
            Thread.sleep(50); // let the taker enter read(2); a non-blocking take would end now with -1
            assertTrue(taker.isAlive(), "the take blocks while the count is zero");
            bell.signal();
            taker.join(10_000);
            assertEquals(1, got[0]);
        }
    }

    /**
     * After close the descriptor's number goes to the next file opened; a late signal must
     * not write 8 bytes into it.
     */
    @Test
    void aSignalAfterCloseWritesNothingIntoTheFileThatReusesTheNumber() throws Exception {
        EventFd bell = EventFd.open(true);
        int number = bell.fd();
        bell.close();
        bell.close(); // idempotent
        Path victim = Files.write(tmp.resolve("victim"), new byte[] {1, 2, 3});
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            // the kernel hands out the lowest free number, so the file got the bell's old one
            assertEquals(victim, Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)));
            bell.signal();
            f.getFD().sync();
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(victim));
        }
    }
}
