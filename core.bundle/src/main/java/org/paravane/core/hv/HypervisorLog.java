package org.paravane.core.hv;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The hypervisor's own message ring, what {@code xl dmesg} reads (Xen keeps its console
 * output in a fixed-size ring, {@code conring}, that the oldest lines fall out of). Bounded
 * by line count and line length so no guest activity can grow it without limit. Each line
 * is {@code (XEN) [seconds.micros] text}, seconds counted from the ring's creation.
 */
public final class HypervisorLog {

    /** Lines kept by default. */
    public static final int DEFAULT_LINES = 1024;

    /** Longest kept line; longer text is cut and marked with "...". */
    public static final int MAX_LINE = 256;

    private final int capacity;
    private final LongSupplier nanoClock;
    private final long origin;
    private final ArrayDeque<String> lines;
    private long dropped;

    /** A ring of {@link #DEFAULT_LINES} lines on the JVM's monotonic clock. */
    public HypervisorLog() {
        this(DEFAULT_LINES, System::nanoTime);
    }

    /** A ring of {@code capacity} lines with timestamps from {@code nanoClock}. */
    public HypervisorLog(int capacity, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
        this.lines = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Appends one message; line breaks inside it become spaces, control characters '?'. */
    public void log(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LINE));
        for (int i = 0; i < text.length() && b.length() < MAX_LINE; i++) {
            char c = text.charAt(i);
            b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c < 0x20 || c == 0x7F ? '?' : c);
        }
        if (text.length() > MAX_LINE) {
            b.setLength(MAX_LINE - 3);
            b.append("...");
        }
        long us = (nanoClock.getAsLong() - origin) / 1000;
        String line = String.format(Locale.ROOT, "(XEN) [%5d.%06d] %s", us / 1_000_000, us % 1_000_000, b);
        synchronized (this) {
            if (lines.size() == capacity) {
                lines.removeFirst();
                dropped++;
            }
            lines.addLast(line);
        }
    }

    /** The kept lines, oldest first. */
    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Lines that fell out of the ring since it was created or cleared. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Empties the ring. */
    public synchronized void clear() {
        lines.clear();
        dropped = 0;
    }
}
