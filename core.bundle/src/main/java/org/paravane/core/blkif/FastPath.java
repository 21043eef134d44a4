package org.paravane.core.blkif;

import java.util.Locale;

/**
 * The switch for the block path's fewer-hand-offs modes (docs/blkif.md "Threads per
 * request"), read when a device or a frontend is created so a benchmark can compare the
 * modes in one JVM. System property {@value #PROPERTY}:
 *
 * <ul>
 *   <li>{@code off}: every completion goes back through blkback's device thread and every
 *       event through dom0's event-dispatch thread (the behaviour before the fast path).</li>
 *   <li>{@code device} ({@code true} means the same): a Java blkfront in dom0
 *       and its blkback device exchange events on the sending thread ({@code
 *       core.evtchn.InlineEventHandler}): the device thread runs the frontend's completion
 *       handler, and the frontend's next request is taken off the ring by that same
 *       thread. Completions still come back from the backend's I/O thread to the device
 *       thread, so the I/O thread keeps doing nothing but I/O.</li>
 *   <li>{@code io} (the default since the quiet A/B of 2026-11-27, docs/benchmarks.md:
 *       random 4 KiB 0.86 / 1.05 of fio against 0.71 / 0.88 for {@code device}, where each
 *       hand-off waits for a halted idle core): as {@code device}, and a completion that finds the device idle is
 *       handled on the backend's I/O thread itself (no hand-off at all in steady state,
 *       but the ring work is then serialised with the I/O).</li>
 * </ul>
 */
public final class FastPath {

    /** The system property. */
    public static final String PROPERTY = "paravane.blk.fastpath";

    /** The modes, in order of fewer hand-offs. */
    public enum Mode {
        /** Every completion through the device thread, every event through the dispatch thread. */
        OFF,
        /** Events between a dom0 blkfront and its device on the sending thread. */
        DEVICE,
        /** As DEVICE, and completions on the backend's I/O thread when the device is idle. */
        IO
    }

    /**
     * System property: in mode IO, a request with more data pages than this (default
     * {@value #DEFAULT_IO_MAX_PAGES}: 64 KiB) is still completed through the device thread
     * while other requests of its device are at the disk. Its I/O takes far longer than one
     * hand-off, and the backend's I/O thread can then start its next transfer without first
     * doing this request's ring work (blkseq A/B, docs/benchmarks.md "Sequential 1 MiB
     * (blkseq)"). A request alone at the disk completes on the I/O thread whatever its size
     * (docs/benchmarks.md "Queue depth 1"). 0 sends every request through the device thread
     * unless it is alone; a negative value completes every request on the I/O thread.
     */
    public static final String IO_MAX_PAGES_PROPERTY = "paravane.blk.fastpath.io-max-pages";

    /** Default for {@link #IO_MAX_PAGES_PROPERTY}. */
    public static final int DEFAULT_IO_MAX_PAGES = 16;

    private FastPath() {
    }

    /**
     * The largest request (data pages) completed on the backend's thread in mode IO;
     * {@link Integer#MAX_VALUE} for no limit.
     *
     * @throws IllegalArgumentException naming the property when it is not a number
     */
    public static int ioMaxPages() {
        String v = System.getProperty(IO_MAX_PAGES_PROPERTY, Integer.toString(DEFAULT_IO_MAX_PAGES)).trim();
        try {
            int n = Integer.parseInt(v);
            return n < 0 ? Integer.MAX_VALUE : n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(IO_MAX_PAGES_PROPERTY + "='" + v + "' is not a number of pages", e);
        }
    }

    /**
     * The mode now; an unknown value is the default with nothing else to go by, so it is
     * refused rather than guessed.
     *
     * @throws IllegalArgumentException naming the property and the accepted values
     */
    public static Mode mode() {
        String v = System.getProperty(PROPERTY, "io").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "off", "false" -> Mode.OFF;
            case "device", "on", "true" -> Mode.DEVICE;
            case "io", "" -> Mode.IO;
            default -> throw new IllegalArgumentException(PROPERTY + "='" + v
                    + "' is not one of off, device, io (or true/false)");
        };
    }
}
