package org.paravane.core.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xenstored request engine, independent of transport: it owns the node tree, the
 * watches, the transactions and the table of introduced domains, and answers every wire
 * message of xen-abi-facts §8.2. A read-write lock orders requests: plain reads outside a
 * transaction (READ, DIRECTORY, DIRECTORY_PART, GET_PERMS, GET_DOMAIN_PATH,
 * IS_DOMAIN_INTRODUCED) share the read lock, because they only look up immutable nodes in a
 * map no one changes while they hold it; everything else, including any request inside a
 * transaction (it records what it read in the transaction), takes the write lock and is
 * serialised as in C xenstored's single thread. No I/O ever happens under either lock —
 * replies and events go to {@link Connection} queues that the transports drain.
 */
public final class XenStoreDaemon {

    /** Told about INTRODUCE / RELEASE so a ring transport can attach or detach a guest. */
    public interface DomainHook {
        /** A domain was introduced with its store page frame and event channel. */
        void introduced(int domid, long gfn, int port);

        /** A domain was released. */
        void released(int domid);
    }

    private record DomainEntry(long gfn, int port) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(XenStoreDaemon.class);
    private static final byte[] OK = XsMessage.joinNul("OK");
    private static final int DOMID_FIRST_RESERVED = 0x7FF0;

    private final QuotaTable quotaTable;
    private final DomainHook hook;
    private final NodeStore store = new NodeStore();
    private final WatchRegistry watches = new WatchRegistry();
    private final Map<Integer, DomainEntry> domains = new HashMap<>();
    private final Map<Integer, Integer> targets = new HashMap<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<WatchRegistry.Watch> initialFires = new ArrayList<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private int nextTx = 1;
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final Lock shared = rw.readLock();
    private final Lock exclusive = rw.writeLock();

    /** A daemon with the given quotas and no domain hook. */
    public XenStoreDaemon(Quotas quotas) {
        this(quotas, null);
    }

    /** A daemon with the given quotas; {@code hook} may be null. */
    public XenStoreDaemon(Quotas quotas, DomainHook hook) {
        this.quotaTable = new QuotaTable(quotas);
        this.hook = hook;
    }

    /** The global quotas in force (SET_QUOTA may change them). */
    public Quotas quotas() {
        return quotaTable.global();
    }

    /** Opens a connection for a client of domain {@code domid}. */
    public Connection connect(int domid, Connection.OutputListener listener) {
        exclusive.lock();
        try {
            Connection c = new Connection(connectionIds.incrementAndGet(), domid, quotaTable.of(domid), listener);
            connections.add(c);
            return c;
        } finally {
            exclusive.unlock();
        }
    }

    /** Closes a connection: its watches and transactions go away. */
    public void disconnect(Connection c) {
        exclusive.lock();
        try {
            watches.removeAll(c);
            c.transactions.clear();
            connections.remove(c);
            c.markClosed();
        } finally {
            exclusive.unlock();
        }
    }

    /** Drops a connection's watches, transactions and queued output (ring reconnect, §8.8). */
    public void resetConnection(Connection c) {
        exclusive.lock();
        try {
            watches.removeAll(c);
            c.transactions.clear();
            c.clearOutput();
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * A domain shut down or crashed (Xen tells xenstored through VIRQ_DOM_EXC, §8.5): fire
     * {@code @releaseDomain} so toolstacks look. The domain stays introduced until RELEASE.
     */
    public void domainShutdown(int domid) {
        exclusive.lock();
        try {
            if (domains.containsKey(domid)) {
                watches.fireSpecial("@releaseDomain");
            }
        } finally {
            exclusive.unlock();
        }
    }

    /** Number of nodes in the tree. */
    public int nodeCount() {
        shared.lock();
        try {
            return store.size();
        } finally {
            shared.unlock();
        }
    }

    /** Nodes owned by a domain. */
    public long ownedNodes(int domid) {
        shared.lock();
        try {
            return store.ownedNodes(domid);
        } finally {
            shared.unlock();
        }
    }

    /** Answers a request and queues the reply (and any events it causes) on {@code c}. */
    public void handle(Connection c, XsMessage request) {
        Lock l = lockFor(request);
        l.lock();
        try {
            c.queueReply(dispatch(c, request));
            if (l == exclusive) {
                flushInitialFires();
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * Answers a request and returns the reply instead of queueing it (in-process clients and
     * the socket transport). Events still go to the connection's queue.
     */
    public XsMessage call(Connection c, XsMessage request) {
        Lock l = lockFor(request);
        l.lock();
        try {
            XsMessage reply = dispatch(c, request);
            if (l == exclusive) {
                flushInitialFires();
            }
            return reply;
        } finally {
            l.unlock();
        }
    }

    /**
     * The shared lock for requests that only look at the live tree; the exclusive lock for
     * everything else. A request in a transaction is never shared: it records the generations
     * it read in the transaction, and a client may use one transaction from several threads.
     */
    private Lock lockFor(XsMessage m) {
        if (m.txId() != 0) {
            return exclusive;
        }
        XsType t = m.knownType();
        if (t == null) {
            return exclusive;
        }
        return switch (t) {
            case READ, DIRECTORY, DIRECTORY_PART, GET_PERMS, GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED -> shared;
            default -> exclusive;
        };
    }

    private void flushInitialFires() {
        for (WatchRegistry.Watch w : initialFires) {
            WatchRegistry.fireInitial(w);
        }
        initialFires.clear();
    }

    private XsMessage dispatch(Connection c, XsMessage m) {
        try {
            byte[] body = execute(c, m);
            XsType t = m.knownType();
            return new XsMessage(t.number(), m.reqId(), m.txId(), body);
        } catch (XsException e) {
            return error(m, e.error());
        } catch (RuntimeException e) {
            // A bug must cost one request, never the daemon.
            LOG.warn("xenstored: request type {} from {} failed", m.type(), c, e);
            return error(m, XsError.EIO);
        }
    }

    private static XsMessage error(XsMessage m, XsError e) {
        return new XsMessage(XsType.ERROR.number(), m.reqId(), m.txId(), XsMessage.joinNul(e.name()));
    }

    private Caller callerOf(Connection c) {
        return new Caller(c.domid(), c.domid() == 0, targets.getOrDefault(c.domid(), -1));
    }

    private String path(Connection c, String p) throws XsException {
        return XsPath.resolve(p, c.domid(), c.domid() == 0 ? 0 : quotaTable.of(c.domid()).pathMax());
    }

    private byte[] execute(Connection c, XsMessage m) throws XsException {
        XsType t = m.knownType();
        if (t == null) {
            throw new XsException(XsError.ENOSYS, "unknown message type " + m.type());
        }
        byte[] p = m.payload();
        Caller who = callerOf(c);
        Quotas quotas = quotaTable.of(c.domid());
        return switch (t) {
            case READ -> TreeOps.read(view(c, m), who, path(c, WireArgs.one(p)));
            case DIRECTORY -> directory(c, m, who, WireArgs.one(p));
            case DIRECTORY_PART -> directoryPart(c, m, who, p);
            case GET_PERMS -> {
                NodePerms perms = TreeOps.getPerms(view(c, m), who, path(c, WireArgs.one(p)));
                String[] s = new String[perms.entries().size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = perms.entries().get(i).toWire();
                }
                yield XsMessage.joinNul(s);
            }
            case WRITE -> {
                int nul = WireArgs.firstNul(p);
                String path = path(c, new String(p, 0, nul, StandardCharsets.UTF_8));
                byte[] value = java.util.Arrays.copyOfRange(p, nul + 1, p.length);
                mutate(c, m, changes -> TreeOps.write(view(c, m), who, quotas, path, value, changes));
                yield OK;
            }
            case MKDIR -> {
                String path = path(c, WireArgs.one(p));
                mutate(c, m, changes -> TreeOps.mkdir(view(c, m), who, quotas, path, changes));
                yield OK;
            }
            case RM -> {
                String path = path(c, WireArgs.one(p));
                mutate(c, m, changes -> TreeOps.rm(view(c, m), who, path, changes));
                yield OK;
            }
            case SET_PERMS -> {
                List<String> args = WireArgs.strings(p, 2, Integer.MAX_VALUE);
                String path = path(c, args.get(0));
                List<Permission> entries = new ArrayList<>();
                for (String s : args.subList(1, args.size())) {
                    try {
                        entries.add(Permission.parse(s));
                    } catch (IllegalArgumentException e) {
                        throw new XsException(XsError.EINVAL, e.getMessage());
                    }
                }
                NodePerms perms = new NodePerms(entries);
                mutate(c, m, changes -> TreeOps.setPerms(view(c, m), who, quotas, path, perms, changes));
                yield OK;
            }
            case WATCH -> watch(c, who, WireArgs.strings(p, 2, 3));
            case UNWATCH -> {
                List<String> a = WireArgs.strings(p, 2, 2);
                String path = XsPath.isSpecial(a.get(0)) ? a.get(0) : path(c, a.get(0));
                if (!watches.remove(c, path, a.get(1))) {
                    throw new XsException(XsError.ENOENT, "no watch " + a.get(0) + " " + a.get(1));
                }
                yield OK;
            }
            case TRANSACTION_START -> transactionStart(c, m, who);
            case TRANSACTION_END -> transactionEnd(c, m, who);
            case INTRODUCE -> introduce(who, WireArgs.strings(p, 3, 3));
            case RELEASE -> release(who, WireArgs.domid(WireArgs.one(p)));
            case RESUME -> {
                requireDom0(who);
                int d = WireArgs.domid(WireArgs.one(p));
                if (!domains.containsKey(d)) {
                    throw new XsException(XsError.ENOENT, "domain " + d + " not introduced");
                }
                yield OK;
            }
            case SET_TARGET -> {
                requireDom0(who);
                List<String> a = WireArgs.strings(p, 2, 2);
                int d = WireArgs.domid(a.get(0));
                int target = WireArgs.domid(a.get(1));
                if (!domains.containsKey(d)) {
                    throw new XsException(XsError.ENOENT, "domain " + d + " not introduced");
                }
                targets.put(d, target);
                yield OK;
            }
            case GET_DOMAIN_PATH -> XsMessage.joinNul(XsPath.home(WireArgs.domid(WireArgs.one(p))));
            case IS_DOMAIN_INTRODUCED -> {
                int d = WireArgs.domid(WireArgs.one(p));
                yield XsMessage.joinNul(d == 0 || domains.containsKey(d) ? "T" : "F");
            }
            case RESET_WATCHES -> {
                watches.removeAll(c);
                c.transactions.clear();
                yield OK;
            }
            case CONTROL -> control(who, WireArgs.strings(p, 1, Integer.MAX_VALUE));
            case GET_QUOTA -> {
                requireDom0(who);
                yield quotaTable.getQuota(p.length == 0 ? List.of() : WireArgs.strings(p, 1, 2), this::introduced);
            }
            case SET_QUOTA -> {
                requireDom0(who);
                quotaTable.setQuota(WireArgs.strings(p, 2, 3), this::introduced);
                yield OK;
            }
            case WATCH_EVENT, ERROR -> throw new XsException(XsError.EINVAL, t + " is sent by the daemon only");
        };
    }

    /** The view a request works on: its transaction, or the live store. */
    private NodeAccess view(Connection c, XsMessage m) throws XsException {
        if (m.txId() == 0) {
            return store;
        }
        Transaction tx = c.transactions.get(m.txId());
        if (tx == null) {
            throw new XsException(XsError.ENOENT, "no transaction " + Integer.toUnsignedString(m.txId()));
        }
        return tx;
    }

    @FunctionalInterface
    private interface Mutation {
        void run(List<Change> changes) throws XsException;
    }

    /** Runs a change; outside a transaction its watches fire now, inside at commit. */
    private void mutate(Connection c, XsMessage m, Mutation op) throws XsException {
        NodeAccess v = view(c, m);
        List<Change> changes = v instanceof Transaction tx ? tx.changes() : new ArrayList<>();
        op.run(changes);
        if (!(v instanceof Transaction)) {
            fire(changes);
        }
    }

    private void fire(List<Change> changes) {
        for (Change ch : changes) {
            watches.fire(ch, this::callerOf);
        }
    }

    private byte[] directory(Connection c, XsMessage m, Caller who, String arg) throws XsException {
        return DirectoryReplies.directory(view(c, m), who, path(c, arg));
    }

    /** DIRECTORY_PART: {@code path\0offset[\0]} (§8.2). */
    private byte[] directoryPart(Connection c, XsMessage m, Caller who, byte[] p) throws XsException {
        int nul = WireArgs.firstNul(p);
        String arg = new String(p, 0, nul, StandardCharsets.UTF_8);
        int end = p.length;
        if (end > nul + 1 && p[end - 1] == 0) {
            end--;
        }
        long offset = WireArgs.decimal(new String(p, nul + 1, end - nul - 1, StandardCharsets.UTF_8), 10);
        return DirectoryReplies.part(view(c, m), who, path(c, arg), offset);
    }

    private boolean introduced(int domid) {
        return domid == 0 || domains.containsKey(domid);
    }

    private byte[] watch(Connection c, Caller who, List<String> a) throws XsException {
        Quotas quotas = quotaTable.of(c.domid());
        String given = a.get(0);
        String token = a.get(1);
        // Optional depth (§8.5): how many path components below the watched node still fire.
        int depth = a.size() == 3 ? (int) WireArgs.decimal(a.get(2), 9) : WatchRegistry.ANY_DEPTH;
        String abs;
        String home = null;
        if (XsPath.isSpecial(given)) {
            abs = given;
        } else {
            abs = path(c, given);
            if (!given.startsWith("/")) {
                home = XsPath.home(c.domid()) + "/";
            }
        }
        if (watches.exists(c, abs, token)) {
            throw new XsException(XsError.EEXIST, "watch " + given + " " + token + " exists");
        }
        if (!who.privileged() && Quotas.over(watches.count(c) + 1L, quotas.watches())) {
            // Released C xenstored (4.17 and later) answers E2BIG here, not ENOSPC.
            throw new XsException(XsError.E2BIG, "more than " + quotas.watches() + " watches");
        }
        WatchRegistry.Watch w = new WatchRegistry.Watch(c, abs, token, given, home, depth);
        watches.add(w);
        initialFires.add(w);
        return OK;
    }

    private byte[] transactionStart(Connection c, XsMessage m, Caller who) throws XsException {
        Quotas quotas = quotaTable.of(c.domid());
        if (m.txId() != 0) {
            throw new XsException(XsError.EBUSY, "TRANSACTION_START inside a transaction");
        }
        byte[] p = m.payload();
        if (p.length > 1 || (p.length == 1 && p[0] != 0)) {
            throw new XsException(XsError.EINVAL, "TRANSACTION_START takes an empty argument");
        }
        if (!who.privileged() && Quotas.over(c.transactions.size() + 1L, quotas.transactions())) {
            throw new XsException(XsError.ENOSPC, "more than " + quotas.transactions() + " transactions");
        }
        int id;
        do {
            id = nextTx++;
        } while (id == 0 || c.transactions.containsKey(id));
        c.transactions.put(id, new Transaction(id, store, who.privileged() ? 0 : quotas.transactionNodes()));
        return XsMessage.joinNul(Integer.toUnsignedString(id));
    }

    private byte[] transactionEnd(Connection c, XsMessage m, Caller who) throws XsException {
        String arg = WireArgs.one(m.payload());
        if (!arg.equals("T") && !arg.equals("F")) {
            throw new XsException(XsError.EINVAL, "TRANSACTION_END takes T or F");
        }
        Transaction tx = c.transactions.remove(m.txId());
        if (tx == null) {
            throw new XsException(XsError.ENOENT, "no transaction " + Integer.toUnsignedString(m.txId()));
        }
        if (arg.equals("F")) {
            return OK;
        }
        if (tx.conflicts()) {
            throw new XsException(XsError.EAGAIN, "transaction " + tx.id() + " conflicted");
        }
        // Quota arithmetic against the live store at commit, not the snapshot: two
        // transactions that each fit can together exceed the quota (XSA-440 class).
        if (!who.privileged()) {
            for (Map.Entry<Integer, long[]> e : tx.delta().entrySet()) {
                int owner = e.getKey();
                if (owner == 0 || e.getValue()[0] <= 0 && e.getValue()[1] <= 0) {
                    continue;
                }
                Quotas quotas = quotaTable.of(owner);
                if (Quotas.over(store.ownedNodes(owner) + e.getValue()[0], quotas.nodes())
                        || Quotas.over(store.ownedBytes(owner) + e.getValue()[1], quotas.memory())) {
                    throw new XsException(XsError.ENOSPC, "commit would exceed domain " + owner + "'s quota");
                }
            }
        }
        tx.apply();
        fire(tx.changes());
        return OK;
    }

    private static void requireDom0(Caller who) throws XsException {
        if (who.domid() != 0) {
            throw new XsException(XsError.EACCES, "dom0 only");
        }
    }

    private byte[] introduce(Caller who, List<String> a) throws XsException {
        requireDom0(who);
        int d = WireArgs.domid(a.get(0));
        long gfn = WireArgs.signed(a.get(1));
        long port = WireArgs.decimal(a.get(2), 10);
        if (d == 0 || d >= DOMID_FIRST_RESERVED) {
            throw new XsException(XsError.EINVAL, "cannot introduce domain " + d);
        }
        if (port > Integer.MAX_VALUE) {
            throw new XsException(XsError.EINVAL, "event channel out of range");
        }
        DomainEntry existing = domains.get(d);
        DomainEntry entry = new DomainEntry(gfn, (int) port);
        if (existing != null) {
            if (existing.equals(entry)) {
                return OK;
            }
            throw new XsException(XsError.EEXIST, "domain " + d + " already introduced");
        }
        domains.put(d, entry);
        watches.fireSpecial("@introduceDomain");
        if (hook != null) {
            hook.introduced(d, gfn, (int) port);
        }
        return OK;
    }

    private byte[] release(Caller who, int d) throws XsException {
        requireDom0(who);
        if (domains.remove(d) == null) {
            throw new XsException(XsError.ENOENT, "domain " + d + " not introduced");
        }
        releaseDomain(d);
        return OK;
    }

    private void releaseDomain(int d) {
        quotaTable.release(d);
        targets.remove(d);
        targets.values().removeIf(t -> t == d);
        for (Connection c : new ArrayList<>(connections)) {
            if (c.domid() == d) {
                disconnect(c);
            }
        }
        for (String changed : store.revokeDomain(d)) {
            watches.fire(new Change(changed, false, store.get(changed).perms()), this::callerOf);
        }
        watches.fireSpecial("@releaseDomain");
        if (hook != null) {
            hook.released(d);
        }
    }

    private byte[] control(Caller who, List<String> a) throws XsException {
        requireDom0(who);
        String cmd = a.get(0);
        return switch (cmd) {
            case "print" -> {
                LOG.info("xenstored control print: {}", String.join(" ", a.subList(1, a.size())));
                yield OK;
            }
            case "help" -> XsMessage.joinNul("help\nprint <text>\nquota\nstats\n");
            case "quota" -> XsMessage.joinNul(quotaTable.global().toString() + "\n");
            case "stats" -> XsMessage.joinNul("nodes " + store.size() + "\nconnections " + connections.size()
                    + "\ndomains " + domains.size() + "\n");
            default -> throw new XsException(XsError.EINVAL, "unknown control command " + cmd);
        };
    }
}
