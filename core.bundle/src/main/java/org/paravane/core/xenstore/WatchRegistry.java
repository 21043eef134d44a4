package org.paravane.core.xenstore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.paravane.api.store.NodePerms;

/**
 * Registered watches and their firing rules (xen-abi-facts §8.5): a change fires every watch
 * at or above its path; removing a subtree also fires the watches inside it, with their own
 * path; an unprivileged watcher only hears about nodes it may read; a watch registered with a
 * relative path gets relative event paths. Guarded by the daemon's lock.
 */
final class WatchRegistry {

    /** Depth of a watch registered without one: every descendant fires. */
    static final int ANY_DEPTH = -1;

    /**
     * One watch. {@code home} is the prefix to strip for relative watches, else null;
     * {@code depth} limits how many components below {@code path} a change may be and still
     * fire (0 = the node itself), or is {@link #ANY_DEPTH}.
     */
    record Watch(Connection conn, String path, String token, String given, String home, int depth) {
    }

    /** A watch and its registration number, which orders the events of one change. */
    private record Entry(Watch w, long seq) {
    }

    // Indexed by watched path so a change looks up its ancestors (O(depth log W)) instead of
    // scanning every watch; sorted so a removal finds the watches below it as one range.
    private final TreeMap<String, List<Entry>> byPath = new TreeMap<>();
    private final Map<Connection, List<Entry>> byConn = new IdentityHashMap<>();
    private long seq;

    int count(Connection c) {
        List<Entry> l = byConn.get(c);
        return l == null ? 0 : l.size();
    }

    boolean exists(Connection c, String path, String token) {
        return find(c, path, token) != null;
    }

    private Entry find(Connection c, String path, String token) {
        List<Entry> l = byConn.get(c);
        if (l != null) {
            for (Entry e : l) {
                if (e.w().path().equals(path) && e.w().token().equals(token)) {
                    return e;
                }
            }
        }
        return null;
    }

    void add(Watch w) {
        Entry e = new Entry(w, seq++);
        byPath.computeIfAbsent(w.path(), k -> new ArrayList<>(1)).add(e);
        byConn.computeIfAbsent(w.conn(), k -> new ArrayList<>()).add(e);
    }

    boolean remove(Connection c, String path, String token) {
        Entry e = find(c, path, token);
        if (e == null) {
            return false;
        }
        byConn.get(c).remove(e);
        if (byConn.get(c).isEmpty()) {
            byConn.remove(c);
        }
        unindex(e);
        return true;
    }

    void removeAll(Connection c) {
        List<Entry> l = byConn.remove(c);
        if (l != null) {
            for (Entry e : l) {
                unindex(e);
            }
        }
    }

    private void unindex(Entry e) {
        List<Entry> l = byPath.get(e.w().path());
        l.remove(e);
        if (l.isEmpty()) {
            byPath.remove(e.w().path());
        }
    }

    /** Fires watches for one node change; {@code callers} gives each watcher's rights. */
    void fire(Change ch, Function<Connection, Caller> callers) {
        List<Entry> hits = new ArrayList<>();
        List<String> eventPaths = new ArrayList<>();
        // Watches at or above the changed node hear the node's own path.
        for (String p = ch.path(); p != null; p = XsPath.parent(p)) {
            List<Entry> l = byPath.get(p);
            if (l != null) {
                for (Entry e : l) {
                    if (e.w().depth() == ANY_DEPTH || depthBelow(ch.path(), p) <= e.w().depth()) {
                        hits.add(e);
                        eventPaths.add(ch.path());
                    }
                }
            }
        }
        // A removal also fires the watches inside the removed subtree, with their own path.
        if (ch.removal() && !ch.path().equals("/")) {
            for (List<Entry> l : byPath.subMap(ch.path() + "/", false, ch.path() + "0", false).values()) {
                for (Entry e : l) {
                    hits.add(e);
                    eventPaths.add(e.w().path());
                }
            }
        }
        if (hits.isEmpty()) {
            return;
        }
        // Events of one change leave in registration order, as a scan of all watches gave.
        Integer[] order = new Integer[hits.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(hits.get(x).seq(), hits.get(y).seq()));
        NodePerms perms = ch.perms();
        for (int i : order) {
            Watch w = hits.get(i).w();
            if (perms != null && !callers.apply(w.conn()).accessTo(perms).canRead()) {
                continue;
            }
            send(w, eventPaths.get(i));
        }
    }

    /** Components of {@code path} below {@code base} (which it is at or below). */
    private static int depthBelow(String path, String base) {
        if (path.equals(base)) {
            return 0;
        }
        int from = base.equals("/") ? 0 : base.length();
        int n = 0;
        for (int i = from; i < path.length(); i++) {
            n += path.charAt(i) == '/' ? 1 : 0;
        }
        return n;
    }

    /** Fires the special watch {@code @introduceDomain} or {@code @releaseDomain}. */
    void fireSpecial(String special) {
        List<Entry> l = byPath.get(special);
        if (l != null) {
            for (Entry e : List.copyOf(l)) {
                send(e.w(), special);
            }
        }
    }

    /** The initial fire of a new watch, with the path as the client gave it. */
    static void fireInitial(Watch w) {
        w.conn().queueEvent(event(w.given(), w.token()));
    }

    private static void send(Watch w, String eventPath) {
        String p = eventPath;
        if (w.home() != null && p.startsWith(w.home())) {
            p = p.substring(w.home().length());
        }
        w.conn().queueEvent(event(p, w.token()));
    }

    static XsMessage event(String path, String token) {
        return XsMessage.strings(XsType.WATCH_EVENT, 0, 0, path, token);
    }
}
