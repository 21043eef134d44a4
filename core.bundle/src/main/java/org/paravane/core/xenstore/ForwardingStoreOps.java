package org.paravane.core.xenstore;

import java.util.List;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.StoreOps;
import org.paravane.api.store.XsException;

/** Store operations passed on to {@link #delegate()}; subclasses override what they change. */
public abstract class ForwardingStoreOps implements StoreOps {

    /** Where every operation goes. */
    protected abstract StoreOps delegate();

    @Override
    public byte[] read(String path) throws XsException {
        return delegate().read(path);
    }

    @Override
    public void write(String path, byte[] value) throws XsException {
        delegate().write(path, value);
    }

    @Override
    public void mkdir(String path) throws XsException {
        delegate().mkdir(path);
    }

    @Override
    public void rm(String path) throws XsException {
        delegate().rm(path);
    }

    @Override
    public List<String> directory(String path) throws XsException {
        return delegate().directory(path);
    }

    @Override
    public NodePerms getPerms(String path) throws XsException {
        return delegate().getPerms(path);
    }

    @Override
    public void setPerms(String path, NodePerms perms) throws XsException {
        delegate().setPerms(path, perms);
    }
}
