package org.paravane.core.xenstore;

import java.util.ArrayList;
import java.util.List;
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

    private final List<Watch> watches = new ArrayList<>();

    int count(Connection c) {
        int n = 0;
        for (Watch w : watches) {
            n += w.conn() == c ? 1 : 0;
        }
        return n;
    }

    boolean exists(Connection c, String path, String token) {
        for (Watch w : watches) {
            if (w.conn() == c && w.path().equals(path) && w.token().equals(token)) {
                return true;
            }
        }
        return false;
    }

    void add(Watch w) {
        watches.add(w);
    }

    boolean remove(Connection c, String path, String token) {
        return watches.removeIf(w -> w.conn() == c && w.path().equals(path) && w.token().equals(token));
    }

    void removeAll(Connection c) {
        watches.removeIf(w -> w.conn() == c);
    }

    /** Fires watches for one node change; {@code callers} gives each watcher's rights. */
    void fire(Change ch, Function<Connection, Caller> callers) {
        for (Watch w : watches) {
            if (XsPath.isSpecial(w.path())) {
                continue;
            }
            String eventPath;
            if (XsPath.isAtOrBelow(ch.path(), w.path())) {
                if (w.depth() != ANY_DEPTH && depthBelow(ch.path(), w.path()) > w.depth()) {
                    continue;
                }
                eventPath = ch.path();
            } else if (ch.removal() && XsPath.isAtOrBelow(w.path(), ch.path())) {
                eventPath = w.path();
            } else {
                continue;
            }
            NodePerms perms = ch.perms();
            if (perms != null && !callers.apply(w.conn()).accessTo(perms).canRead()) {
                continue;
            }
            send(w, eventPath);
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
        for (Watch w : watches) {
            if (w.path().equals(special)) {
                send(w, special);
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
