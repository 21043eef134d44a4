package org.paravane.core.xenstore.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.WatchCallback;
import org.paravane.api.store.WatchHandle;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.store.XsTransaction;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.UnixSocketServer;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * xenstored in the framework: starts the daemon and its unix socket at
 * {@code <paravane.state>/xenstored/socket}, writes dom0's standard nodes and publishes the
 * {@link XenStore} service. Stopping closes the socket and every connection.
 */
@Component(service = XenStore.class, immediate = true)
public final class XenStoreComponent implements XenStore {

    /** Framework property naming Paravane's state directory. */
    public static final String STATE_PROPERTY = "paravane.state";

    private static final Logger LOG = LoggerFactory.getLogger(XenStoreComponent.class);

    private final XenStoreDaemon daemon;
    private final LocalXenStore store;
    private final UnixSocketServer server;

    @Activate
    public XenStoreComponent(BundleContext context) throws IOException, XsException {
        Path socket = socketPath(context.getProperty(STATE_PROPERTY), System.getProperty("user.home"));
        this.daemon = new XenStoreDaemon(Quotas.defaults());
        this.store = new LocalXenStore(daemon);
        Dom0Layout.populate(store);
        this.server = UnixSocketServer.start(daemon, socket);
        LOG.info("xenstored started: export XENSTORED_PATH={}", socket);
    }

    /** {@code <state>/xenstored/socket}; state defaults to {@code ~/.paravane}; must be absolute. */
    static Path socketPath(String state, String userHome) {
        Path dir = state == null || state.isBlank() ? Path.of(userHome, ".paravane") : Path.of(state);
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException(STATE_PROPERTY + " must be an absolute directory, got '" + state + "'");
        }
        return dir.resolve("xenstored").resolve("socket");
    }

    @Deactivate
    void deactivate() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("xenstored socket close failed", e);
        }
        store.close();
        LOG.info("xenstored stopped ({} nodes)", daemon.nodeCount());
    }

    @Override
    public byte[] read(String path) throws XsException {
        return store.read(path);
    }

    @Override
    public void write(String path, byte[] value) throws XsException {
        store.write(path, value);
    }

    @Override
    public void mkdir(String path) throws XsException {
        store.mkdir(path);
    }

    @Override
    public void rm(String path) throws XsException {
        store.rm(path);
    }

    @Override
    public List<String> directory(String path) throws XsException {
        return store.directory(path);
    }

    @Override
    public NodePerms getPerms(String path) throws XsException {
        return store.getPerms(path);
    }

    @Override
    public void setPerms(String path, NodePerms perms) throws XsException {
        store.setPerms(path, perms);
    }

    @Override
    public WatchHandle watch(String path, String token, WatchCallback callback) throws XsException {
        return store.watch(path, token, callback);
    }

    @Override
    public XsTransaction transaction() throws XsException {
        return store.transaction();
    }
}
