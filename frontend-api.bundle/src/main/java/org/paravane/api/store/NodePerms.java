package org.paravane.api.store;

import java.util.List;

/**
 * The permission list of a node. The first entry names the owner and its letter is the
 * default for every domain not listed (xen-abi-facts §8.4).
 *
 * @param entries at least one entry; the first is the owner
 */
public record NodePerms(List<Permission> entries) {

    /** Copies and validates the list. */
    public NodePerms {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("a permission list needs at least the owner entry");
        }
        entries = List.copyOf(entries);
    }

    /** Convenience: owner {@code owner} with default {@code other}, then extra entries. */
    public static NodePerms of(int owner, Access other, Permission... extra) {
        Permission[] all = new Permission[extra.length + 1];
        all[0] = new Permission(other, owner);
        System.arraycopy(extra, 0, all, 1, extra.length);
        return new NodePerms(List.of(all));
    }

    /** The owning domain. */
    public int owner() {
        return entries.get(0).domid();
    }

    /**
     * The access of {@code domid} by the list alone (no privilege): the owner has full
     * access, a listed domain its letter, anyone else the first entry's letter.
     */
    public Access accessOf(int domid) {
        if (domid == owner()) {
            return Access.BOTH;
        }
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).domid() == domid) {
                return entries.get(i).access();
            }
        }
        return entries.get(0).access();
    }
}
