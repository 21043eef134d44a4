package org.paravane.core.xenstore;

import java.util.ArrayList;
import java.util.List;
import org.paravane.api.store.NodePerms;

/**
 * One immutable node: value, permissions, child names (in creation order, as C xenstored
 * lists them) and the generation stamped by the last change. Changes make new nodes, so
 * a transaction can hold a node without copying it.
 */
public record Node(byte[] value, NodePerms perms, List<String> children, long generation) {

    /** Copies the children list. */
    public Node {
        children = List.copyOf(children);
    }

    /** This node with another value. */
    Node withValue(byte[] v) {
        return new Node(v, perms, children, generation);
    }

    /** This node with other permissions. */
    Node withPerms(NodePerms p) {
        return new Node(value, p, children, generation);
    }

    /** This node with a child appended (no-op if present). */
    Node withChild(String name) {
        if (children.contains(name)) {
            return this;
        }
        List<String> c = new ArrayList<>(children.size() + 1);
        c.addAll(children);
        c.add(name);
        return new Node(value, perms, c, generation);
    }

    /** This node without a child. */
    Node withoutChild(String name) {
        List<String> c = new ArrayList<>(children);
        c.remove(name);
        return new Node(value, perms, c, generation);
    }

    /** This node stamped with a generation. */
    Node stamped(long gen) {
        return new Node(value, perms, children, gen);
    }

    /**
     * The size counted against the node-size and memory quotas: value bytes, 5 bytes per
     * permission entry and each child name with its NUL (C xenstored counts the same parts).
     */
    public int size() {
        int s = value.length + 5 * perms.entries().size();
        for (String c : children) {
            s += c.length() + 1;
        }
        return s;
    }
}
