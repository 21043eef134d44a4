package org.paravane.core.xenstore;

import org.paravane.api.store.WatchCallback;
import org.paravane.api.store.WatchHandle;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.store.XsTransaction;

/** A {@link XenStore} passed on to {@link #delegate()}; subclasses override what they change. */
public abstract class ForwardingXenStore extends ForwardingStoreOps implements XenStore {

    @Override
    protected abstract XenStore delegate();

    @Override
    public WatchHandle watch(String path, String token, WatchCallback callback) throws XsException {
        return delegate().watch(path, token, callback);
    }

    @Override
    public XsTransaction transaction() throws XsException {
        return delegate().transaction();
    }
}
