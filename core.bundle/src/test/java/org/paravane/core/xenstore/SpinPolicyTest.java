package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's spin decision and the runnable-thread sample it is based on. */
class SpinPolicyTest {

    @TempDir
    Path dir;

    @Test
    void fixedPolicyAlwaysGivesItsBound() {
        assertEquals(50_000, SpinPolicy.fixed(50_000).spinBound(0));
        assertEquals(0, SpinPolicy.fixed(0).spinBound(0));
        assertThrows(IllegalArgumentException.class, () -> SpinPolicy.fixed(-1));
    }

    @Test
    void adaptivePolicySpinsOnlyWhileACpuIsLeftForSpinnerAndClient() {
        AtomicInteger runnable = new AtomicInteger();
        SpinPolicy p = SpinPolicy.whileCpuIdle(50_000, now -> runnable.get(), 2);
        runnable.set(1); // only the reader
        assertEquals(50_000, p.spinBound(0));
        runnable.set(2); // the reader and the client it just woke
        assertEquals(50_000, p.spinBound(0));
        runnable.set(3); // someone else wants a CPU: spinning would take it from the client
        assertEquals(0, p.spinBound(0));
        runnable.set(17);
        assertEquals(0, p.spinBound(0));
        runnable.set(RunnableCount.UNKNOWN); // not Linux: behave as configured
        assertEquals(50_000, p.spinBound(0));
        assertEquals(5, p.decisions());
        assertEquals(3, p.spinDecisions());
    }

    @Test
    void adaptivePolicyWithZeroBoundNeverSpinsAndRejectsBadCpuCounts() {
        assertEquals(0, SpinPolicy.whileCpuIdle(0, now -> 1, 2).spinBound(0));
        assertThrows(IllegalArgumentException.class, () -> SpinPolicy.whileCpuIdle(1, now -> 1, 0));
    }

    @Test
    void parsesTheRunningFieldOfLoadavg() {
        assertEquals(4, parse("0.20 1.08 1.51 4/99 15625\n"));
        assertEquals(123, parse("10.00 9.00 8.00 123/4567 1"));
        assertEquals(RunnableCount.UNKNOWN, parse(""));
        assertEquals(RunnableCount.UNKNOWN, parse("0.20 1.08 1.51"));
        assertEquals(RunnableCount.UNKNOWN, parse("0.20 1.08 1.51 x/99 1"));
        assertEquals(RunnableCount.UNKNOWN, parse("0.20 1.08 1.51 4 1"));
        assertEquals(RunnableCount.UNKNOWN, parse("0.20 1.08 1.51 99999999999999/1 1"));
    }

    private static int parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return RunnableCount.parse(b, b.length);
    }

    @Test
    void sampleIsReusedForTenMillisecondsThenReread() throws Exception {
        Path f = dir.resolve("loadavg");
        Files.writeString(f, "0.00 0.00 0.00 3/10 1\n");
        RunnableCount c = RunnableCount.of(f);
        try {
            assertEquals(3, c.get(1_000));
            Files.writeString(f, "0.00 0.00 0.00 7/10 1\n"); // same file, rewritten in place
            assertEquals(3, c.get(1_000 + RunnableCount.SAMPLE_NANOS - 1));
            assertEquals(7, c.get(1_000 + RunnableCount.SAMPLE_NANOS));
        } finally {
            c.close();
        }
    }

    @Test
    void missingFileIsUnknownAndTheRealOneCountsTheCaller() {
        RunnableCount missing = RunnableCount.of(dir.resolve("none"));
        assertEquals(RunnableCount.UNKNOWN, missing.get(0));
        Path real = Path.of("/proc/loadavg");
        if (Files.isReadable(real)) {
            RunnableCount c = RunnableCount.of(real);
            try {
                int n = c.get(System.nanoTime());
                // This thread is running while it reads the file, so the kernel counts at least it.
                assertEquals(true, n >= 1, "runnable count " + n);
            } finally {
                c.close();
            }
        }
    }
}
