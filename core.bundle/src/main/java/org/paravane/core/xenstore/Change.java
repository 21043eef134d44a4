package org.paravane.core.xenstore;

import org.paravane.api.store.NodePerms;

/**
 * A change that fires watches: the path, whether it removed a subtree (so watches below it
 * fire too, with their own path, §8.5), and the node's permissions (who may see the event).
 */
record Change(String path, boolean removal, NodePerms perms) {
}
