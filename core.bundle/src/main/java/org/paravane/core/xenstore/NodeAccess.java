package org.paravane.core.xenstore;

import org.paravane.api.store.XsException;

/**
 * A view of the node tree that {@link TreeOps} works on: the live store, or a transaction's
 * private view layered over it.
 */
interface NodeAccess {

    /** The node at an absolute path, or null. */
    Node get(String path);

    /** Stores a node (the view stamps the generation). */
    void put(String path, Node node) throws XsException;

    /** Removes one node (not its children). */
    void remove(String path);

    /** Nodes owned by a domain, as this view sees them. */
    long ownedNodes(int domid);

    /** Bytes of the nodes owned by a domain, as this view sees them. */
    long ownedBytes(int domid);
}
