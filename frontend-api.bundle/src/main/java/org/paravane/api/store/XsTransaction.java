package org.paravane.api.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A XenStore transaction: operations see a private view; {@link #commit()} applies them
 * atomically or fails with EAGAIN when a node the transaction read was changed meanwhile
 * (xen-abi-facts §8.6). Closing without commit aborts.
 */
@ProviderType
public interface XsTransaction extends StoreOps, AutoCloseable {

    /** Applies the changes; {@link XsError#EAGAIN} means "retry the whole transaction". */
    void commit() throws XsException;

    /** Discards the changes. Harmless after commit or abort. */
    void abort();

    @Override
    default void close() {
        abort();
    }
}
