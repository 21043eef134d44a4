package org.paravane.core.xenstore;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executor;
import org.paravane.core.evtchn.Dom0EventChannels;

/**
 * A guest's xenstore ring page joined to the daemon (facts §8.8): the server side of the
 * page ({@link RingTransport}) plus dom0's end of the guest's store event channel. Events
 * from the guest kick the ring; replies are written to the page on {@code flusher}, because
 * the transport's output callback runs under the daemon's lock and must only schedule.
 *
 * @param ring     the server side of the page
 * @param dom0Port dom0's local port of the store event channel
 */
public record StoreRingLink(RingTransport ring, int dom0Port) {

    /**
     * Serves {@code page} of domain {@code domid} for {@code daemon} and binds dom0's end of
     * the guest's store port {@code guestPort}. If the bind fails the ring is closed again and
     * the bind's exception propagates.
     */
    public static StoreRingLink connect(MemorySegment page, XenStoreDaemon daemon, int domid, int guestPort,
            Dom0EventChannels dom0, Executor flusher) {
        // The notifier and the output callback need the port and the ring, which exist only
        // after the constructor and the bind: hand them over through one-element holders.
        int[] local = new int[1];
        RingTransport[] ring = new RingTransport[1];
        ring[0] = new RingTransport(page, daemon, domid, () -> dom0.send(local[0]),
                () -> flusher.execute(() -> ring[0].flush()));
        try {
            local[0] = dom0.bindInterdomain(domid, guestPort, p -> ring[0].kick());
        } catch (RuntimeException e) {
            ring[0].close();
            throw e;
        }
        return new StoreRingLink(ring[0], local[0]);
    }
}
