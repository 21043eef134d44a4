package org.paravane.core.evtchn;

import org.paravane.api.evtchn.EventHandler;

/**
 * A dom0 event handler that is safe to run on the thread that sent the event: it never
 * blocks and takes no lock that the sender might hold. When both ends of an interdomain
 * channel are dom0 ports with such handlers (a Java blkfront attached to dom0 and its
 * blkback device: Xen's "local attach"), {@link Dom0EventChannels} delivers events between
 * them on the sender's thread instead of through the event-dispatch thread, which saves two
 * thread hand-offs per request and response. The 2-level rules still hold: the sender sets
 * the peer's pending bit, the delivery clears it and then runs the handler (facts §2.5), so
 * an event sent while the handler runs calls it again.
 */
@FunctionalInterface
public interface InlineEventHandler extends EventHandler {
}
