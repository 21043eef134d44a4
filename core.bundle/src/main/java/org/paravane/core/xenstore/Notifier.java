package org.paravane.core.xenstore;

/** Kicks the other end of a ring (an event-channel send). */
@FunctionalInterface
public interface Notifier {
    /** Notifies the peer that ring indices moved. */
    void notifyPeer();
}
