package org.paravane.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives watch events: the path that changed and the token given at registration. */
@ConsumerType
@FunctionalInterface
public interface WatchCallback {

    /**
     * Called once when the watch is registered (Xen's initial fire) and then for every change
     * at or below the watched path. Called on a store thread: must not block.
     */
    void fired(String path, String token);
}
