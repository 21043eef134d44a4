package org.paravane.core.xenbus;

import java.util.List;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.WatchCallback;
import org.paravane.api.store.WatchHandle;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.store.XsTransaction;

/**
 * A real store whose transactions run {@code beforeCommit} just before each commit, so a test
 * can make another connection write in between and force a real EAGAIN from the daemon.
 */
final class ConflictingStore implements XenStore {

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
    public XsTransaction transaction() throws XsException {
        XsTransaction tx = real.transaction();
        return new XsTransaction() {
            @Override
            public void commit() throws XsException {
                beforeCommit.run();
                tx.commit();
            }

            @Override
            public void abort() {
                tx.abort();
            }

            @Override
            public byte[] read(String path) throws XsException {
                return tx.read(path);
            }

            @Override
            public void write(String path, byte[] value) throws XsException {
                tx.write(path, value);
            }

            @Override
            public void mkdir(String path) throws XsException {
                tx.mkdir(path);
            }

            @Override
            public void rm(String path) throws XsException {
                tx.rm(path);
            }

            @Override
            public List<String> directory(String path) throws XsException {
                return tx.directory(path);
            }

            @Override
            public NodePerms getPerms(String path) throws XsException {
                return tx.getPerms(path);
            }

            @Override
            public void setPerms(String path, NodePerms perms) throws XsException {
                tx.setPerms(path, perms);
            }
        };
    }

    @Override
    public WatchHandle watch(String path, String token, WatchCallback callback) throws XsException {
        return real.watch(path, token, callback);
    }

    @Override
    public byte[] read(String path) throws XsException {
        return real.read(path);
    }

    @Override
    public void write(String path, byte[] value) throws XsException {
        real.write(path, value);
    }

    @Override
    public void mkdir(String path) throws XsException {
        real.mkdir(path);
    }

    @Override
    public void rm(String path) throws XsException {
        real.rm(path);
    }

    @Override
    public List<String> directory(String path) throws XsException {
        return real.directory(path);
    }

    @Override
    public NodePerms getPerms(String path) throws XsException {
        return real.getPerms(path);
    }

    @Override
    public void setPerms(String path, NodePerms perms) throws XsException {
        real.setPerms(path, perms);
    }
}
