package org.paravane.core.xenbus;

import org.paravane.api.store.StoreOps;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.store.XsTransaction;
import org.paravane.core.xenstore.ForwardingStoreOps;
import org.paravane.core.xenstore.ForwardingXenStore;

/**
 * A real store whose transactions run {@code beforeCommit} just before each commit, so a test
 * can make another connection write in between and force a real EAGAIN from the daemon.
 */
final class ConflictingStore extends ForwardingXenStore {

    /** Work that may fail with a store error. */
    interface Hook {
        void run() throws XsException;
    }

    private final XenStore real;
    private final Hook beforeCommit;

    ConflictingStore(XenStore real, Hook beforeCommit) {
        this.real = real;
        this.beforeCommit = beforeCommit;
    }

    @Override
    protected XenStore delegate() {
        return real;
    }

    @Override
    public XsTransaction transaction() throws XsException {
        XsTransaction tx = real.transaction();
        return new HookedTransaction(tx);
    }

    /** The real transaction, with the hook run before its commit. */
    private final class HookedTransaction extends ForwardingStoreOps implements XsTransaction {
        private final XsTransaction tx;

        HookedTransaction(XsTransaction tx) {
            this.tx = tx;
        }

        @Override
        protected StoreOps delegate() {
            return tx;
        }

        @Override
        public void commit() throws XsException {
            beforeCommit.run();
            tx.commit();
        }

        @Override
        public void abort() {
            tx.abort();
        }
    }
}
