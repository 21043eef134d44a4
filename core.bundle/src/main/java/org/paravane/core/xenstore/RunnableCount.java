package org.paravane.core.xenstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How many threads the kernel has runnable right now, from the fourth field of
 * {@code /proc/loadavg} ({@code running/total}, proc(5)), cached for
 * {@value #SAMPLE_NANOS} ns so that asking costs a volatile read nearly always. Shared by
 * all readers of one {@link UnixSocketServer}; any of them refreshes a stale sample.
 *
 * <p>{@link #UNKNOWN} where the file is missing or unreadable (not Linux): callers then keep
 * their configured behaviour.
 */
final class RunnableCount {

    /** Returned when the count cannot be read. */
    static final int UNKNOWN = -1;
    /** A sample is reused for this long (10 ms): the file read costs a few microseconds. */
    static final long SAMPLE_NANOS = 10_000_000;

    private final FileChannel file;
    private final ByteBuffer buf = ByteBuffer.allocate(128);
    private volatile int last = UNKNOWN;
    private volatile long sampledAt;
    private volatile boolean sampled;

    private RunnableCount(FileChannel file) {
        this.file = file;
    }

    /** Reads {@code loadavg} (normally {@code /proc/loadavg}); a missing file gives UNKNOWN forever. */
    static RunnableCount of(Path loadavg) {
        try {
            return new RunnableCount(FileChannel.open(loadavg, StandardOpenOption.READ));
        } catch (IOException | UnsupportedOperationException e) {
            return new RunnableCount(null);
        }
    }

    /** The runnable count, re-read when the cached one is older than {@link #SAMPLE_NANOS}. */
    int get(long nowNanos) {
        if (file == null) {
            return UNKNOWN;
        }
        if (sampled && nowNanos - sampledAt < SAMPLE_NANOS) {
            return last;
        }
        synchronized (this) {
            if (!sampled || nowNanos - sampledAt >= SAMPLE_NANOS) {
                last = read();
                sampledAt = nowNanos;
                sampled = true;
            }
            return last;
        }
    }

    private int read() {
        try {
            buf.clear();
            // procfs regenerates the text on each read from offset 0 of the open file.
            int n = file.read(buf, 0);
            return n <= 0 ? UNKNOWN : parse(buf.array(), n);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /**
     * Parses the running count from loadavg text ({@code "0.20 1.08 1.51 4/99 15625"} gives 4);
     * UNKNOWN unless the fourth field is {@code digits/digits}.
     */
    static int parse(byte[] text, int length) {
        int field = 0;
        int i = 0;
        while (i < length && field < 3) {
            if (text[i] == ' ') {
                field++;
            }
            i++;
        }
        if (field < 3) {
            return UNKNOWN;
        }
        long v = 0;
        int digits = 0;
        while (i < length && text[i] >= '0' && text[i] <= '9' && digits < 9) {
            v = v * 10 + (text[i] - '0');
            digits++;
            i++;
        }
        if (digits == 0 || i >= length || text[i] != '/') {
            return UNKNOWN;
        }
        return (int) v;
    }

    /** Closes the file. */
    void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing to do: the sampler is going away
            }
        }
    }
}
