package org.paravane.api.evtchn;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Called when an event arrives on an unmasked dom0 port. Runs on the event-dispatch thread
 * of the port's vCPU, after the port's pending bit was cleared (so an event arriving while
 * the handler runs calls it again). Must not block for long; an exception it throws is
 * logged and does not stop delivery to other ports.
 */
@ConsumerType
@FunctionalInterface
public interface EventHandler {

    /** An event arrived on {@code port}. */
    void onEvent(int port);
}
