package org.paravane.core.domain;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A domain's hypervisor console (console_io, SBI putchar): the last {@link #CAPACITY} bytes
 * of output, an optional listener for new output, and an input queue for reads.
 */
public final class ConsoleLog {

    /** Bytes of output kept. */
    public static final int CAPACITY = 64 * 1024;
    /** Bytes of pending input kept. */
    public static final int INPUT_CAPACITY = 4096;

    private final byte[] ring = new byte[CAPACITY];
    private long written;
    private final ArrayDeque<Byte> input = new ArrayDeque<>();
    private volatile Consumer<byte[]> listener;
    private volatile Runnable inputListener;

    /** Appends output bytes. */
    public void write(byte[] data, int offset, int length) {
        synchronized (this) {
            for (int i = 0; i < length; i++) {
                ring[(int) (written++ % CAPACITY)] = data[offset + i];
            }
        }
        Consumer<byte[]> l = listener;
        if (l != null) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            try {
                l.accept(copy);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ConsoleLog.class).warn("console listener failed", e);
            }
        }
    }

    /** The kept output, oldest first. */
    public synchronized byte[] contents() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = Math.max(0, written - CAPACITY);
        for (long i = start; i < written; i++) {
            out.write(ring[(int) (i % CAPACITY)]);
        }
        return out.toByteArray();
    }

    /** Total bytes ever written. */
    public synchronized long totalWritten() {
        return written;
    }

    /** Sets (or clears, with null) the listener told about new output. */
    public void setListener(Consumer<byte[]> l) {
        this.listener = l;
    }

    /** Sets (or clears) what is told when input arrives (VIRQ_CONSOLE delivery). */
    public void setInputListener(Runnable l) {
        this.inputListener = l;
    }

    /** Queues input bytes for the guest (drops what does not fit) and tells the input listener. */
    public void offerInput(byte[] data) {
        synchronized (this) {
            for (byte b : data) {
                if (input.size() < INPUT_CAPACITY) {
                    input.addLast(b);
                }
            }
        }
        Runnable l = inputListener;
        if (l != null && data.length > 0) {
            try {
                l.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ConsoleLog.class).warn("console input listener failed", e);
            }
        }
    }

    /** Takes up to {@code max} input bytes. */
    public synchronized byte[] takeInput(int max) {
        int n = Math.min(max, input.size());
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = input.removeFirst();
        }
        return out;
    }

    /** The next input byte or -1. */
    public synchronized int takeInputByte() {
        Byte b = input.pollFirst();
        return b == null ? -1 : b & 0xFF;
    }
}
