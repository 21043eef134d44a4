package org.paravane.core.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java {@link XenStore} for dom0 services. It is an ordinary dom0 client of the daemon
 * that skips the socket: requests go through {@link XenStoreDaemon#call} as wire messages, so
 * Java callers and Xen's tools get exactly the same semantics. Watch events are delivered to
 * callbacks on one dispatcher thread, in order.
 */
public final class LocalXenStore implements XenStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalXenStore.class);

    private final XenStoreDaemon daemon;
    private final Connection conn;
    private final ExecutorService dispatcher;
    private final Map<String, WatchCallback> callbacks = new ConcurrentHashMap<>();

    /** Connects to {@code daemon} as dom0. */
    public LocalXenStore(XenStoreDaemon daemon) {
        this(daemon, 0);
    }

    /**
     * Connects to {@code daemon} as domain {@code domid}: the daemon applies that domain's
     * permissions and quotas to every request, as for a guest on its ring (tests and
     * driver domains use this).
     */
    public LocalXenStore(XenStoreDaemon daemon, int domid) {
        this.daemon = daemon;
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xenstore-watch-dispatch");
            t.setDaemon(true);
            return t;
        });
        this.conn = daemon.connect(domid, c -> dispatcher.execute(this::drainEvents));
    }

    private void drainEvents() {
        byte[] frame;
        while ((frame = conn.poll()) != null) {
            byte[] payload = java.util.Arrays.copyOfRange(frame, XsMessage.HEADER_SIZE, frame.length);
            List<String> parts = XsMessage.splitNul(payload);
            if (parts.size() < 2) {
                continue;
            }
            WatchCallback cb = callbacks.get(key(parts.get(1)));
            if (cb != null) {
                try {
                    cb.fired(parts.get(0), parts.get(1));
                } catch (RuntimeException e) {
                    LOG.warn("watch callback for token {} failed", parts.get(1), e);
                }
            }
        }
    }

    private static String key(String token) {
        return token;
    }

    /**
     * INTRODUCE, as a toolstack tells xenstored about a new guest (xs_introduce_domain):
     * the guest's store page frame and its event channel. Fires {@code @introduceDomain}.
     */
    public void introduceDomain(int domid, long storeGfn, int storePort) throws XsException {
        call(XsType.INTRODUCE, 0, XsMessage.joinNul(Integer.toString(domid), Long.toString(storeGfn),
                Integer.toString(storePort)));
    }

    /** RELEASE (xs_release_domain): the guest is gone. Fires {@code @releaseDomain}. */
    public void releaseDomain(int domid) throws XsException {
        call(XsType.RELEASE, 0, XsMessage.joinNul(Integer.toString(domid)));
    }

    private byte[] call(XsType type, int tx, byte[] payload) throws XsException {
        if (payload.length > XsMessage.PAYLOAD_MAX) {
            throw new XsException(XsError.E2BIG, "request of " + payload.length + " bytes");
        }
        XsMessage reply = daemon.call(conn, XsMessage.of(type, 0, tx, payload));
        if (reply.type() == XsType.ERROR.number()) {
            String name = reply.text();
            throw new XsException(XsError.byName(name).orElse(XsError.EIO), type + " failed");
        }
        return reply.payload();
    }

    private static byte[] withValue(String path, byte[] value) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + 1 + value.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(value, 0, out, p.length + 1, value.length);
        return out;
    }

    /** Node operations bound to one transaction id (0 = none). */
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
            call(XsType.WRITE, tx, withValue(path, value));
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
            String[] parts = new String[perms.entries().size() + 1];
            parts[0] = path;
            for (int i = 0; i < perms.entries().size(); i++) {
                parts[i + 1] = perms.entries().get(i).toWire();
            }
            call(XsType.SET_PERMS, tx, XsMessage.joinNul(parts));
        }
    }

    private final Ops direct = new Ops(0);

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
        if (callbacks.putIfAbsent(key(token), callback) != null) {
            throw new XsException(XsError.EEXIST, "token " + token + " already in use");
        }
        try {
            call(XsType.WATCH, 0, XsMessage.joinNul(path, token));
        } catch (XsException e) {
            callbacks.remove(key(token));
            throw e;
        }
        return new WatchHandle() {
            private boolean closed;

            @Override
            public String path() {
                return path;
            }

            @Override
            public String token() {
                return token;
            }

            @Override
            public synchronized void close() {
                if (closed) {
                    return;
                }
                closed = true;
                callbacks.remove(key(token));
                try {
                    call(XsType.UNWATCH, 0, XsMessage.joinNul(path, token));
                } catch (XsException e) {
                    LOG.debug("unwatch {} {}: {}", path, token, e.getMessage());
                }
            }
        };
    }

    @Override
    public XsTransaction transaction() throws XsException {
        String id = XsMessage.splitNul(call(XsType.TRANSACTION_START, 0, new byte[] {0})).get(0);
        int tx = Integer.parseUnsignedInt(id);
        return new LocalTransaction(tx);
    }

    private final class LocalTransaction extends Ops implements XsTransaction {
        private boolean ended;

        LocalTransaction(int tx) {
            super(tx);
        }

        @Override
        public void commit() throws XsException {
            if (ended) {
                throw new XsException(XsError.EINVAL, "transaction already ended");
            }
            ended = true;
            call(XsType.TRANSACTION_END, tx, XsMessage.joinNul("T"));
        }

        @Override
        public void abort() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                call(XsType.TRANSACTION_END, tx, XsMessage.joinNul("F"));
            } catch (XsException e) {
                LOG.debug("abort of transaction {}: {}", tx, e.getMessage());
            }
        }
    }

    /** Disconnects from the daemon and stops the dispatcher. */
    @Override
    public void close() {
        daemon.disconnect(conn);
        dispatcher.shutdownNow();
    }
}
