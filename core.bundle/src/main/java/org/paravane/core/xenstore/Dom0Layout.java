package org.paravane.core.xenstore;

import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.StoreOps;
import org.paravane.api.store.XsException;

/**
 * The nodes a fresh store holds before any guest exists (xen-abi-facts §8.9): the top-level
 * trees and dom0's home with its {@code name} and {@code domid}.
 */
public final class Dom0Layout {

    private Dom0Layout() {
    }

    /** Writes the standard dom0 nodes through {@code store} (dom0's rights). */
    public static void populate(StoreOps store) throws XsException {
        NodePerms dom0Only = NodePerms.of(0, Access.NONE);
        for (String p : new String[] {"/local", "/local/domain", "/vm", "/tool", "/libxl"}) {
            store.mkdir(p);
            store.setPerms(p, dom0Only);
        }
        // Every domain may list /local/domain (guests look up peers' homes through it).
        store.setPerms("/local/domain", NodePerms.of(0, Access.READ));
        store.mkdir("/local/domain/0");
        store.setPerms("/local/domain/0", NodePerms.of(0, Access.NONE));
        store.write("/local/domain/0/name", "Domain-0");
        store.write("/local/domain/0/domid", "0");
        store.mkdir("/local/domain/0/device");
        store.mkdir("/local/domain/0/backend");
        store.mkdir("/local/domain/0/control");
        store.mkdir("/local/domain/0/memory");
    }

    /**
     * Creates a guest's home as the toolstack does: owned by dom0, readable by the guest,
     * with the guest-writable subtrees of §8.9. Used by the domain builder and by tests.
     */
    public static void createDomainHome(StoreOps store, int domid, String name) throws XsException {
        String home = XsPath.home(domid);
        NodePerms readOnly = new NodePerms(java.util.List.of(new Permission(Access.NONE, 0), new Permission(Access.READ, domid)));
        NodePerms writable = new NodePerms(java.util.List.of(new Permission(Access.NONE, domid)));
        store.mkdir(home);
        store.setPerms(home, readOnly);
        store.write(home + "/name", name);
        store.write(home + "/domid", Integer.toString(domid));
        for (String sub : new String[] {"cpu", "memory", "device", "control"}) {
            store.mkdir(home + "/" + sub);
            store.setPerms(home + "/" + sub, readOnly);
        }
        for (String sub : new String[] {"data", "drivers", "feature", "attr", "error", "control/shutdown"}) {
            store.mkdir(home + "/" + sub);
            store.setPerms(home + "/" + sub, writable);
        }
    }
}
