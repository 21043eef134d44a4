package org.paravane.core.xenstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;

/**
 * The live node tree: a flat map from absolute path to {@link Node}, a global generation
 * counter stamped on every change (the basis of transaction conflict detection, §8.6) and
 * per-owner accounting of nodes and bytes (the nodes and memory quotas, §8.7).
 * Not thread-safe: the daemon serialises access.
 */
final class NodeStore implements NodeAccess {

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<Integer, long[]> usage = new HashMap<>();
    private long generation;

    /** A store holding only the root, owned by dom0 with no access for others ({@code n0}). */
    NodeStore() {
        put("/", new Node(new byte[0], NodePerms.of(0, Access.NONE), List.of(), 0));
    }

    @Override
    public Node get(String path) {
        return nodes.get(path);
    }

    @Override
    public void put(String path, Node node) {
        Node stamped = node.stamped(++generation);
        Node old = nodes.put(path, stamped);
        account(old, -1);
        account(stamped, +1);
    }

    @Override
    public void remove(String path) {
        account(nodes.remove(path), -1);
    }

    /** The generation of a node, or -1 if absent. */
    long generationOf(String path) {
        Node n = nodes.get(path);
        return n == null ? -1 : n.generation();
    }

    /** Number of nodes in the tree. */
    int size() {
        return nodes.size();
    }

    @Override
    public long ownedNodes(int domid) {
        long[] u = usage.get(domid);
        return u == null ? 0 : u[0];
    }

    @Override
    public long ownedBytes(int domid) {
        long[] u = usage.get(domid);
        return u == null ? 0 : u[1];
    }

    private void account(Node n, int sign) {
        if (n == null) {
            return;
        }
        long[] u = usage.computeIfAbsent(n.perms().owner(), k -> new long[2]);
        u[0] += sign;
        u[1] += (long) sign * n.size();
    }

    /**
     * Revokes a departed domain's rights so a later domain with the same id inherits nothing
     * (XSA-322 class): nodes it owned pass to dom0 and its entries in other lists go away.
     * Returns the paths changed.
     */
    List<String> revokeDomain(int domid) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Node> e : new ArrayList<>(nodes.entrySet())) {
            NodePerms p = e.getValue().perms();
            boolean refers = false;
            for (Permission q : p.entries()) {
                refers |= q.domid() == domid;
            }
            if (!refers) {
                continue;
            }
            List<Permission> kept = new ArrayList<>();
            Permission first = p.entries().get(0);
            kept.add(first.domid() == domid ? new Permission(first.access(), 0) : first);
            for (int i = 1; i < p.entries().size(); i++) {
                if (p.entries().get(i).domid() != domid) {
                    kept.add(p.entries().get(i));
                }
            }
            put(e.getKey(), e.getValue().withPerms(new NodePerms(kept)));
            changed.add(e.getKey());
        }
        return changed;
    }
}
