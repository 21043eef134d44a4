package org.paravane.api.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * XenStore as seen by dom0 services: node operations with dom0's rights, watches and
 * transactions. Implemented once, by the core's xenstored.
 */
@ProviderType
public interface XenStore extends StoreOps {

    /** Special watch path fired when a domain is introduced. */
    String INTRODUCE_DOMAIN = "@introduceDomain";

    /** Special watch path fired when a domain is released or dies. */
    String RELEASE_DOMAIN = "@releaseDomain";

    /**
     * Watches {@code path} and everything below it. The callback fires once at once and then
     * on every change; close the handle to stop.
     */
    WatchHandle watch(String path, String token, WatchCallback callback) throws XsException;

    /** Starts a transaction. ENOSPC when too many are open. */
    XsTransaction transaction() throws XsException;

    /** The home path of a domain, {@code /local/domain/<domid>}. */
    default String domainPath(int domid) {
        return "/local/domain/" + domid;
    }

    /** Work run inside a transaction by {@link #inTransaction}. */
    @FunctionalInterface
    interface TransactionBody<T> {
        /** Runs against the transaction's view. */
        T run(XsTransaction tx) throws XsException;
    }

    /**
     * Runs {@code body} in a transaction and commits, retrying on EAGAIN up to
     * {@code attempts} times, as Xen's clients do.
     */
    default <T> T inTransaction(int attempts, TransactionBody<T> body) throws XsException {
        XsException last = null;
        for (int i = 0; i < Math.max(1, attempts); i++) {
            try (XsTransaction tx = transaction()) {
                T result = body.run(tx);
                try {
                    tx.commit();
                    return result;
                } catch (XsException e) {
                    if (e.error() != XsError.EAGAIN) {
                        throw e;
                    }
                    last = e;
                }
            }
        }
        throw last;
    }
}
