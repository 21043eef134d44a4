package org.paravane.core.xenbus;

import java.util.List;
import java.util.Map;

/**
 * The device-specific part of a backend that {@link BackendHandshake} drives: what to publish
 * before InitWait, which frontend keys to read, how to connect and disconnect (xen-abi-facts
 * §5.4, §9.1). Calls come from one thread at a time.
 */
public interface BackendDevice {

    /** Features published together with InitWait (§5.4 step 2). */
    Map<String, String> features();

    /** Frontend keys read in one transaction before {@link #connect} (§5.4 step 4.1). */
    List<String> frontendKeys();

    /**
     * Connects with the frontend's keys (absent ones are missing from the map; the values are
     * guest-written and must be validated). Returns the properties published together with
     * Connected (§5.4 step 4.4).
     *
     * @throws XenbusDeviceException to refuse; the backend then writes {@code error} and closes
     */
    Map<String, String> connect(Map<String, String> frontendKeys) throws XenbusDeviceException;

    /** Releases what {@link #connect} took. Called also when not connected: must be idempotent. */
    void disconnect();

    /** The device was unplugged ({@code online}=0 and the frontend closed, or the frontend vanished). */
    default void removed() {
    }
}
