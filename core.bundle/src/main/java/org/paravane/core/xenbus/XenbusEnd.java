package org.paravane.core.xenbus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.paravane.api.store.WatchHandle;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ends of a split device share (xen-abi-facts §9): an own directory with a
 * {@code state} node, the peer's directory, state switches checked against
 * {@link XenbusState#canTransition}, a watch on the peer's {@code state}, and multi-key reads
 * and writes in one transaction with EAGAIN retry.
 */
public abstract class XenbusEnd implements AutoCloseable {

    /** Attempts per transaction before EAGAIN is given up, as Xen's clients loop "a while". */
    public static final int TRANSACTION_ATTEMPTS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(XenbusEnd.class);
    private static final AtomicLong TOKENS = new AtomicLong();

    private final XenStore store;
    private final String path;
    private final String peerPath;
    private final List<WatchHandle> watches = new ArrayList<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong garbage = new AtomicLong();
    private final RateLimiter garbageLog = new RateLimiter(5, TimeUnit.SECONDS.toNanos(10), System::nanoTime);
    private boolean closed;

    XenbusEnd(XenStore store, String path, String peerPath) {
        this.store = store;
        this.path = path;
        this.peerPath = peerPath;
    }

    /** The store this end talks to. */
    public XenStore store() {
        return store;
    }

    /** This end's directory. */
    public String path() {
        return path;
    }

    /** The peer's directory. */
    public String peerPath() {
        return peerPath;
    }

    /** This end's state as stored; a missing or unparsable node reads as Unknown. */
    public XenbusState state() throws XsException {
        return readState(path + "/state", false);
    }

    /** The peer's state; a missing, unreadable or garbage node reads as Unknown (§9). */
    public XenbusState peerState() {
        try {
            return readState(peerPath + "/state", true);
        } catch (XsException e) {
            return XenbusState.UNKNOWN;
        }
    }

    /**
     * Moves this end to {@code to}, checking the current stored state (not a cached one: a
     * toolstack may have written it, §5.5) against the transition table.
     *
     * @return the previous state
     * @throws IllegalTransitionException naming both states if the edge is not allowed
     */
    public XenbusState switchState(XenbusState to) throws XsException {
        return switchState(to, Map.of());
    }

    /**
     * Publishes {@code keys} (relative to this end's directory) and moves to {@code to} in one
     * transaction, so the peer never sees the new state without the keys (§9).
     *
     * @return the previous state
     */
    public XenbusState switchState(XenbusState to, Map<String, String> keys) throws XsException {
        checkKeys(keys.keySet());
        return atomically(tx -> {
            XenbusState from = parseOwn(tx.exists(path + "/state") ? tx.readString(path + "/state") : null);
            if (!XenbusState.canTransition(from, to)) {
                throw new IllegalTransitionException(path + "/state", from, to);
            }
            for (Map.Entry<String, String> e : keys.entrySet()) {
                tx.write(path + "/" + e.getKey(), e.getValue());
            }
            tx.write(path + "/state", Integer.toString(to.value()));
            return from;
        });
    }

    /** Writes several keys of this end's directory in one transaction. */
    public void writeKeys(Map<String, String> keys) throws XsException {
        checkKeys(keys.keySet());
        atomically(tx -> {
            for (Map.Entry<String, String> e : keys.entrySet()) {
                tx.write(path + "/" + e.getKey(), e.getValue());
            }
            return null;
        });
    }

    /** Reads several keys of this end's directory in one transaction; absent keys are left out. */
    public Map<String, String> readKeys(Collection<String> keys) throws XsException {
        return readKeys(path, keys);
    }

    /**
     * Reads several keys of the peer's directory in one transaction, so they are one
     * consistent snapshot; absent or unreadable keys are left out.
     */
    public Map<String, String> readPeerKeys(Collection<String> keys) throws XsException {
        return readKeys(peerPath, keys);
    }

    private Map<String, String> readKeys(String base, Collection<String> keys) throws XsException {
        checkNames(keys);
        return atomically(tx -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (String k : keys) {
                try {
                    out.put(k, tx.readString(base + "/" + k));
                } catch (XsException e) {
                    if (e.error() != XsError.ENOENT && e.error() != XsError.EACCES) {
                        throw e;
                    }
                }
            }
            return out;
        });
    }

    /**
     * Runs {@code body} in a transaction with EAGAIN retry ({@link XenStore#inTransaction}),
     * counting attempts so {@link #transactionRetries()} shows how often a commit lost a race.
     */
    public <T> T atomically(XenStore.TransactionBody<T> body) throws XsException {
        T result = store.inTransaction(TRANSACTION_ATTEMPTS, tx -> {
            attempts.incrementAndGet();
            return body.run(tx);
        });
        commits.incrementAndGet();
        return result;
    }

    /** Transaction attempts that had to be repeated after EAGAIN, since this end was made. */
    public long transactionRetries() {
        return attempts.get() - commits.get();
    }

    /** Peer state values that were not a state number (guest garbage), since this end was made. */
    public long garbageStates() {
        return garbage.get();
    }

    /**
     * Watches the peer's {@code state}. {@code listener} gets the parsed state on every fire,
     * including Xen's initial fire (§8.5) and spurious ones, so it must be idempotent. It
     * runs on the store's watch thread and must not block.
     */
    public synchronized WatchHandle watchPeerState(Consumer<XenbusState> listener) throws XsException {
        if (closed) {
            throw new IllegalStateException("xenbus end " + path + " is closed");
        }
        String token = "xenbus-" + TOKENS.incrementAndGet();
        WatchHandle h = store.watch(peerPath + "/state", token, (p, t) -> {
            XenbusState s = peerState();
            try {
                listener.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("xenbus: listener for {}/state failed on {}", peerPath, s, e);
            }
        });
        watches.add(h);
        return h;
    }

    /** Removes every watch this end registered. Closing twice is harmless. */
    @Override
    public void close() {
        List<WatchHandle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(watches);
            watches.clear();
        }
        for (WatchHandle h : toClose) {
            h.close();
        }
    }

    private XenbusState readState(String node, boolean guestWritten) throws XsException {
        String text;
        try {
            text = new String(store.read(node), StandardCharsets.UTF_8);
        } catch (XsException e) {
            if (e.error() == XsError.ENOENT || (guestWritten && e.error() == XsError.EACCES)) {
                return XenbusState.UNKNOWN;
            }
            throw e;
        }
        Optional<XenbusState> s = XenbusState.parse(text);
        if (s.isEmpty()) {
            garbage.incrementAndGet();
            if (garbageLog.tryAcquire()) {
                LOG.warn("xenbus: {} holds '{}', not a xenbus state; treated as Unknown ({} earlier reports suppressed)",
                        node, printable(text), garbageLog.suppressed());
            }
            return XenbusState.UNKNOWN;
        }
        return s.get();
    }

    private XenbusState parseOwn(String text) {
        return text == null ? XenbusState.UNKNOWN : XenbusState.parse(text).orElse(XenbusState.UNKNOWN);
    }

    /** At most 32 printable ASCII characters of a guest value, for a log line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 32; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    private static void checkKeys(Collection<String> keys) {
        checkNames(keys);
        if (keys.contains("state")) {
            throw new IllegalArgumentException("'state' is written by switchState only");
        }
    }

    private static void checkNames(Collection<String> keys) {
        for (String k : keys) {
            if (k == null || k.isEmpty() || k.startsWith("/") || k.endsWith("/") || k.contains("//")) {
                throw new IllegalArgumentException("bad relative key '" + k + "'");
            }
        }
    }
}
