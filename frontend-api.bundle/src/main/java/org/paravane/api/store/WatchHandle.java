package org.paravane.api.store;

import org.osgi.annotation.versioning.ProviderType;

/** A registered watch; closing it removes the watch. Closing twice is harmless. */
@ProviderType
public interface WatchHandle extends AutoCloseable {

    /** The watched path. */
    String path();

    /** The token. */
    String token();

    @Override
    void close();
}
