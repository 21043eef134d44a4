package org.paravane.core.blkback;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.vbd.VbdState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one device from a backend that is going away to another bound backend of the same
 * format (make-before-break, docs/blkif.md "Drain instead of park"), on the unbind thread:
 *
 * <ol>
 *   <li><b>drain</b>: the device stops taking requests off the ring and the requests already
 *       in the old disk complete there, answered as usual ({@link VbdDevice#beginDrain});</li>
 *   <li><b>suspend</b>: nothing is in the old disk any more, so only requests that were never
 *       issued (queued behind a barrier) are parked;</li>
 *   <li><b>close</b> the old disk, before the new build opens the same image (the two must never
 *       both have it open: allocation updates the BAT);</li>
 *   <li><b>resume</b> on the new backend: open (warm: the new build ran its warm-up while the
 *       old one served), install, replay what was parked, consume the ring again.</li>
 * </ol>
 *
 * <p>The drain waits at most {@link #drainBound}: half the request timeout, at most the
 * control timeout. A slower old build then gets the break-before-make treatment: what is
 * still in its disk is parked (its late completions are ignored) and replayed on the new
 * one, so a swap never fails a device that the watchdog would not have failed.
 *
 * <p>System property {@value #DRAIN_PROPERTY} ({@code true} by default, read per swap):
 * {@code false} parks the requests in flight and replays them instead of draining (the
 * behaviour before the drain, kept for A/B measurements).
 */
final class SwapMover {

    /** System property: drain (true, default) or park (false) on a make-before-break swap. */
    static final String DRAIN_PROPERTY = "paravane.blk.swap.drain";

    private static final Logger LOG = LoggerFactory.getLogger(SwapMover.class);

    private final Duration drainBound;

    SwapMover(BlkbackConfig config) {
        this.drainBound = drainBound(config);
    }

    /** Half the request timeout (the watchdog fails a device only after a whole one), at most the control timeout. */
    static Duration drainBound(BlkbackConfig config) {
        Duration half = config.requestTimeout().dividedBy(2);
        return half.compareTo(config.controlTimeout()) < 0 ? half : config.controlTimeout();
    }

    /** What one move did, in the order of its steps; times in nanoseconds (drain: start to old disk handed over). */
    record Move(String mode, int drained, boolean drainTimedOut, long drainNanos, long closeNanos, long resumeNanos,
            boolean resumed, int ringBacklog, long openNanos) {

        /** The log line; the itest's figures parse it (HotSwapUnderLoadTest). */
        String line(String device, String format) {
            return String.format(Locale.ROOT, "vbd %s: moved to the other %s backend (%s): in-flight %d handled in %d us%s,"
                    + " old disk closed in %d us, reopened and resumed in %d us (%d waiting on the ring; open %d us)%s",
                    device, format, mode, drained, drainNanos / 1000, drainTimedOut ? " (drain bound reached: rest parked)"
                    : "", closeNanos / 1000, resumeNanos / 1000, ringBacklog, openNanos / 1000,
                    resumed ? "" : "; NOT resumed");
        }
    }

    /** Moves {@code device} from {@code from} (going away, still usable) to {@code to}; never throws. */
    Move move(VbdDevice device, BlockBackend from, BlockBackend to) {
        boolean drain = !"false".equalsIgnoreCase(System.getProperty(DRAIN_PROPERTY, "true").strip());
        long t0 = System.nanoTime();
        int drainedCount = 0;
        boolean timedOut = false;
        String mode = "park";
        CompletableFuture<BlockDisk> drained = null;
        BlockDisk old = null;
        boolean suspended = false;
        try {
            drained = drain ? device.beginDrain(from) : null;
            if (drained != null) {
                mode = "drain";
                try {
                    // whoever answers the last request in flight suspends the device and hands over the disk
                    old = drained.get(drainBound.toNanos(), TimeUnit.NANOSECONDS);
                    suspended = true;
                } catch (TimeoutException e) {
                    timedOut = true;
                }
                drainedCount = device.drainedCount();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("vbd {}: drain failed, parking instead: {}", device.name(), e.toString());
        } catch (Exception e) {
            LOG.warn("vbd {}: could not start the drain, parking instead: {}", device.name(), e.toString());
        }
        long t1 = System.nanoTime();
        long t2 = t1;
        boolean resumed = false;
        try {
            if (!suspended) {
                old = device.suspend(from); // park: what is in the old disk now is replayed on the new one
                if (old == null && drained != null) {
                    old = drained.getNow(null); // the drain ended between the timeout and the suspension
                }
            }
            if (old != null) {
                old.close();
            }
            t2 = System.nanoTime();
            if (device.state() == VbdState.SUSPENDED) {
                resumed = device.resume(to);
            } else if (device.state() == VbdState.FAILED && device.backend() == null) {
                device.offerBackend(to); // the drain ended in a failure: the reconnect opens on the new build
            }
        } catch (Exception e) {
            LOG.warn("vbd {}: move to the other backend failed: {}", device.name(), e.toString());
        }
        long t3 = System.nanoTime();
        Move m = new Move(mode, drainedCount, timedOut, t1 - t0, t2 - t1, t3 - t2, resumed,
                resumed ? device.ringBacklogAtResume() : 0, resumed ? device.openNanosAtResume() : 0);
        LOG.info(m.line(device.name(), device.format()));
        return m;
    }
}
