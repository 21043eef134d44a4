package org.paravane.core.xenbus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.StoreOps;
import org.paravane.api.store.WatchCallback;
import org.paravane.api.store.WatchHandle;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;
import org.paravane.api.store.XsTransaction;
import org.paravane.core.xenstore.Connection;
import org.paravane.core.xenstore.XenStoreDaemon;
import org.paravane.core.xenstore.XsMessage;
import org.paravane.core.xenstore.XsType;

/**
 * A {@link XenStore} for an unprivileged domain: its own daemon connection with that domid,
 * so the daemon enforces the domain's permissions on every request. Wire messages go
 * through {@link XenStoreDaemon#call}, as a guest's would through its ring.
 */
final class GuestXenStore implements XenStore, AutoCloseable {

    private final XenStoreDaemon daemon;
    private final Connection conn;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor();
    private final Map<String, WatchCallback> callbacks = new ConcurrentHashMap<>();
    private final Ops direct = new Ops(0);

    GuestXenStore(XenStoreDaemon daemon, int domid) {
        this.daemon = daemon;
        this.conn = daemon.connect(domid, c -> dispatcher.execute(this::drain));
    }

    private void drain() {
        byte[] f;
        while ((f = conn.poll()) != null) {
            List<String> parts = XsMessage.splitNul(Arrays.copyOfRange(f, XsMessage.HEADER_SIZE, f.length));
            WatchCallback cb = parts.size() < 2 ? null : callbacks.get(parts.get(1));
            if (cb != null) {
                cb.fired(parts.get(0), parts.get(1));
            }
        }
    }

    private byte[] call(XsType type, int tx, byte[] payload) throws XsException {
        XsMessage reply = daemon.call(conn, XsMessage.of(type, 0, tx, payload));
        if (reply.type() == XsType.ERROR.number()) {
            throw new XsException(XsError.byName(reply.text()).orElse(XsError.EIO), type + " failed");
        }
        return reply.payload();
    }

    private class Ops implements StoreOps {
        final int tx;

        Ops(int tx) {
            this.tx = tx;
        }

        @Override
        public byte[] read(String path) throws XsException {
            return call(XsType.READ, tx, XsMessage.joinNul(path));
        }

        @Override
        public void write(String path, byte[] value) throws XsException {
            byte[] p = path.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[p.length + 1 + value.length];
            System.arraycopy(p, 0, out, 0, p.length);
            System.arraycopy(value, 0, out, p.length + 1, value.length);
            call(XsType.WRITE, tx, out);
        }

        @Override
        public void mkdir(String path) throws XsException {
            call(XsType.MKDIR, tx, XsMessage.joinNul(path));
        }

        @Override
        public void rm(String path) throws XsException {
            call(XsType.RM, tx, XsMessage.joinNul(path));
        }

        @Override
        public List<String> directory(String path) throws XsException {
            return XsMessage.splitNul(call(XsType.DIRECTORY, tx, XsMessage.joinNul(path)));
        }

        @Override
        public NodePerms getPerms(String path) throws XsException {
            List<Permission> out = new ArrayList<>();
            for (String s : XsMessage.splitNul(call(XsType.GET_PERMS, tx, XsMessage.joinNul(path)))) {
                out.add(Permission.parse(s));
            }
            return new NodePerms(out);
        }

        @Override
        public void setPerms(String path, NodePerms perms) throws XsException {
            List<String> parts = new ArrayList<>();
            parts.add(path);
            perms.entries().forEach(e -> parts.add(e.toWire()));
            call(XsType.SET_PERMS, tx, XsMessage.joinNul(parts.toArray(String[]::new)));
        }
    }

    @Override
    public byte[] read(String path) throws XsException {
        return direct.read(path);
    }

    @Override
    public void write(String path, byte[] value) throws XsException {
        direct.write(path, value);
    }

    @Override
    public void mkdir(String path) throws XsException {
        direct.mkdir(path);
    }

    @Override
    public void rm(String path) throws XsException {
        direct.rm(path);
    }

    @Override
    public List<String> directory(String path) throws XsException {
        return direct.directory(path);
    }

    @Override
    public NodePerms getPerms(String path) throws XsException {
        return direct.getPerms(path);
    }

    @Override
    public void setPerms(String path, NodePerms perms) throws XsException {
        direct.setPerms(path, perms);
    }

    @Override
    public WatchHandle watch(String path, String token, WatchCallback callback) throws XsException {
        callbacks.put(token, callback);
        call(XsType.WATCH, 0, XsMessage.joinNul(path, token));
        return new WatchHandle() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public String token() {
                return token;
            }

            @Override
            public void close() {
                if (callbacks.remove(token) != null) {
                    try {
                        call(XsType.UNWATCH, 0, XsMessage.joinNul(path, token));
                    } catch (XsException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    @Override
    public XsTransaction transaction() throws XsException {
        int id = Integer.parseUnsignedInt(XsMessage.splitNul(call(XsType.TRANSACTION_START, 0, new byte[] {0})).get(0));
        class Tx extends Ops implements XsTransaction {
            boolean ended;

            Tx() {
                super(id);
            }

            @Override
            public void commit() throws XsException {
                ended = true;
                call(XsType.TRANSACTION_END, tx, XsMessage.joinNul("T"));
            }

            @Override
            public void abort() {
                if (!ended) {
                    ended = true;
                    try {
                        call(XsType.TRANSACTION_END, tx, XsMessage.joinNul("F"));
                    } catch (XsException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return new Tx();
    }

    @Override
    public void close() {
        daemon.disconnect(conn);
        dispatcher.shutdownNow();
    }
}
