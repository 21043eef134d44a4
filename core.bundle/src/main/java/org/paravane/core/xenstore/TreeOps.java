package org.paravane.core.xenstore;

import java.util.ArrayList;
import java.util.List;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;

/**
 * The node operations with Xen's permission and quota rules (xen-abi-facts §8.2, §8.4,
 * §8.7), written once over {@link NodeAccess} so they behave the same inside and outside a
 * transaction. Paths are already resolved and validated. Changes that must fire watches are
 * appended to {@code changes}.
 */
final class TreeOps {

    private static final byte[] EMPTY = new byte[0];

    private TreeOps() {
    }

    static byte[] read(NodeAccess a, Caller c, String path) throws XsException {
        return readable(a, c, path).value();
    }

    static List<String> directory(NodeAccess a, Caller c, String path) throws XsException {
        return readable(a, c, path).children();
    }

    static NodePerms getPerms(NodeAccess a, Caller c, String path) throws XsException {
        return readable(a, c, path).perms();
    }

    private static Node readable(NodeAccess a, Caller c, String path) throws XsException {
        Node n = a.get(path);
        if (n == null) {
            throw new XsException(XsError.ENOENT, path);
        }
        if (!c.accessTo(n.perms()).canRead()) {
            throw new XsException(XsError.EACCES, "no read access to " + path);
        }
        return n;
    }

    static void write(NodeAccess a, Caller c, Quotas q, String path, byte[] value, List<Change> changes)
            throws XsException {
        Node n = a.get(path);
        if (n == null) {
            create(a, c, q, path, value, changes);
            return;
        }
        if (!c.accessTo(n.perms()).canWrite()) {
            throw new XsException(XsError.EACCES, "no write access to " + path);
        }
        Node updated = n.withValue(value);
        checkSize(a, c, q, n, updated);
        a.put(path, updated);
        changes.add(new Change(path, false, updated.perms()));
    }

    static void mkdir(NodeAccess a, Caller c, Quotas q, String path, List<Change> changes) throws XsException {
        if (a.get(path) == null) {
            create(a, c, q, path, EMPTY, changes);
        }
    }

    /**
     * Creates {@code path} and any missing parents. The nearest existing ancestor must be
     * writable; each new node inherits its parent's list, with an unprivileged creator as
     * owner (construct_node, §8.4).
     */
    private static void create(NodeAccess a, Caller c, Quotas q, String path, byte[] value, List<Change> changes)
            throws XsException {
        List<String> missing = new ArrayList<>();
        String p = path;
        Node n;
        while ((n = a.get(p)) == null) {
            missing.add(p);
            p = XsPath.parent(p);
        }
        if (!c.accessTo(n.perms()).canWrite()) {
            throw new XsException(XsError.EACCES, "no write access to " + p);
        }
        if (!c.privileged() && Quotas.over(a.ownedNodes(c.domid()) + missing.size(), q.nodes())) {
            throw new XsException(XsError.ENOSPC, "domain " + c.domid() + " would own more than " + q.nodes() + " nodes");
        }
        String parentPath = p;
        Node parent = n;
        for (int i = missing.size() - 1; i >= 0; i--) {
            String childPath = missing.get(i);
            Node child = new Node(i == 0 ? value : EMPTY, inherit(parent.perms(), c), List.of(), 0);
            Node grown = parent.withChild(XsPath.leaf(childPath));
            checkSize(a, c, q, parent, grown);
            checkSize(a, c, q, null, child);
            a.put(parentPath, grown);
            a.put(childPath, child);
            parentPath = childPath;
            parent = child;
        }
        changes.add(new Change(path, false, parent.perms()));
    }

    private static NodePerms inherit(NodePerms parent, Caller c) {
        if (c.privileged() || parent.owner() == c.domid()) {
            return parent;
        }
        List<Permission> e = new ArrayList<>(parent.entries());
        e.set(0, new Permission(e.get(0).access(), c.domid()));
        return new NodePerms(e);
    }

    /** Node-size and memory quotas for unprivileged callers; ENOSPC as C xenstored. */
    private static void checkSize(NodeAccess a, Caller c, Quotas q, Node before, Node after) throws XsException {
        if (c.privileged()) {
            return;
        }
        int owner = after.perms().owner();
        if (owner == 0) {
            return; // dom0's nodes are not quota-limited
        }
        if (Quotas.over(after.size(), q.nodeSize())) {
            throw new XsException(XsError.ENOSPC, "node of " + after.size() + " bytes exceeds " + q.nodeSize());
        }
        long bytes = a.ownedBytes(owner) + after.size()
                - (before != null && before.perms().owner() == owner ? before.size() : 0);
        if (Quotas.over(bytes, q.memory())) {
            throw new XsException(XsError.ENOSPC, "domain " + owner + " exceeds " + q.memory() + " bytes of nodes");
        }
    }

    static void rm(NodeAccess a, Caller c, String path, List<Change> changes) throws XsException {
        if (path.equals("/")) {
            throw new XsException(XsError.EINVAL, "cannot remove the root");
        }
        Node n = a.get(path);
        String parentPath = XsPath.parent(path);
        Node parent = a.get(parentPath);
        if (n == null) {
            if (parent == null) {
                throw new XsException(XsError.ENOENT, parentPath);
            }
            return; // absent under an existing parent: not an error (§8.2)
        }
        if (!c.accessTo(n.perms()).canWrite()) {
            throw new XsException(XsError.EACCES, "no write access to " + path);
        }
        removeTree(a, path, n);
        a.put(parentPath, parent.withoutChild(XsPath.leaf(path)));
        changes.add(new Change(path, true, n.perms()));
    }

    private static void removeTree(NodeAccess a, String path, Node n) {
        // Iterative, so a deep tree from a hostile client cannot overflow the stack.
        List<String> stack = new ArrayList<>();
        stack.add(path);
        while (!stack.isEmpty()) {
            String p = stack.remove(stack.size() - 1);
            Node node = p.equals(path) ? n : a.get(p);
            if (node == null) {
                continue;
            }
            for (String child : node.children()) {
                stack.add(XsPath.child(p, child));
            }
            a.remove(p);
        }
    }

    static void setPerms(NodeAccess a, Caller c, Quotas q, String path, NodePerms perms, List<Change> changes)
            throws XsException {
        Node n = a.get(path);
        if (n == null) {
            throw new XsException(XsError.ENOENT, path);
        }
        if (!c.privileged()) {
            int owner = n.perms().owner();
            if (owner != c.domid() && owner != c.target()) {
                throw new XsException(XsError.EACCES, "only the owner may change permissions of " + path);
            }
            if (perms.owner() != owner) {
                throw new XsException(XsError.EPERM, "only dom0 may change the owner of " + path);
            }
            if (Quotas.over(perms.entries().size(), q.nodePermissions())) {
                throw new XsException(XsError.ENOSPC, "more than " + q.nodePermissions() + " permission entries");
            }
        }
        Node updated = n.withPerms(perms);
        checkSize(a, c, q, n, updated);
        a.put(path, updated);
        changes.add(new Change(path, false, perms));
    }
}
