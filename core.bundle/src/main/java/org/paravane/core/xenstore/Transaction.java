package org.paravane.core.xenstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;

/**
 * A transaction's private view: an overlay of changed nodes (a tombstone marks removal) over
 * the live store, plus the generation of every live node it looked at. Commit succeeds only
 * if none of those generations moved (optimistic concurrency as in C xenstored,
 * xen-abi-facts §8.6); otherwise EAGAIN. Watches fire only at commit.
 */
final class Transaction implements NodeAccess {

    private static final Node TOMBSTONE = new Node(new byte[0], NodePerms.of(0, Access.NONE), List.of(), -2);

    private final int id;
    private final NodeStore live;
    private final int nodeLimit;
    private final Map<String, Node> overlay = new LinkedHashMap<>();
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<Integer, long[]> delta = new HashMap<>();
    private final List<Change> changes = new ArrayList<>();

    /**
     * @param nodeLimit the transaction-nodes quota for this caller (0 = unlimited)
     */
    Transaction(int id, NodeStore live, int nodeLimit) {
        this.id = id;
        this.live = live;
        this.nodeLimit = nodeLimit;
    }

    int id() {
        return id;
    }

    /** Changes to fire on commit. */
    List<Change> changes() {
        return changes;
    }

    @Override
    public Node get(String path) {
        Node o = overlay.get(path);
        if (o != null) {
            return o == TOMBSTONE ? null : o;
        }
        Node n = live.get(path);
        seen.putIfAbsent(path, n == null ? -1L : n.generation());
        return n;
    }

    @Override
    public void put(String path, Node node) throws XsException {
        if (!overlay.containsKey(path) && nodeLimit > 0 && overlay.size() >= nodeLimit) {
            throw new XsException(XsError.ENOSPC, "transaction touches more than " + nodeLimit + " nodes");
        }
        account(get(path), -1);
        account(node, +1);
        overlay.put(path, node);
    }

    @Override
    public void remove(String path) {
        account(get(path), -1);
        overlay.put(path, TOMBSTONE);
    }

    @Override
    public long ownedNodes(int domid) {
        return live.ownedNodes(domid) + deltaOf(domid)[0];
    }

    @Override
    public long ownedBytes(int domid) {
        return live.ownedBytes(domid) + deltaOf(domid)[1];
    }

    /** Net nodes and bytes this transaction adds per owner: {domid → {nodes, bytes}}. */
    Map<Integer, long[]> delta() {
        return delta;
    }

    private long[] deltaOf(int domid) {
        long[] d = delta.get(domid);
        return d == null ? new long[2] : d;
    }

    private void account(Node n, int sign) {
        if (n == null) {
            return;
        }
        long[] d = delta.computeIfAbsent(n.perms().owner(), k -> new long[2]);
        d[0] += sign;
        d[1] += (long) sign * n.size();
    }

    /** True if a live node this transaction looked at changed since. */
    boolean conflicts() {
        for (Map.Entry<String, Long> e : seen.entrySet()) {
            if (live.generationOf(e.getKey()) != e.getValue()) {
                return true;
            }
        }
        return false;
    }

    /** Number of nodes this transaction changed. */
    int touched() {
        return overlay.size();
    }

    /** Writes the overlay into the live store; call only after {@link #conflicts()} said no. */
    void apply() {
        for (Map.Entry<String, Node> e : overlay.entrySet()) {
            if (e.getValue() == TOMBSTONE) {
                // A node created and removed inside this transaction never reached the live
                // store: nothing to remove (and nothing to uncount).
                if (live.get(e.getKey()) != null) {
                    live.remove(e.getKey());
                }
            } else {
                live.put(e.getKey(), e.getValue());
            }
        }
    }
}
