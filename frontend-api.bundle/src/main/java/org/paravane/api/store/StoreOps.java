package org.paravane.api.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node operations of XenStore, inside or outside a transaction. Paths are absolute
 * ({@code /local/domain/0/name}); values are raw bytes (xen-abi-facts §8.2).
 */
@ProviderType
public interface StoreOps {

    /** The value of a node. ENOENT if absent, EACCES if not readable. */
    byte[] read(String path) throws XsException;

    /** Writes a value, creating missing parents (they inherit their parent's permissions). */
    void write(String path, byte[] value) throws XsException;

    /** Creates a node and its parents; an existing node keeps its value. */
    void mkdir(String path) throws XsException;

    /** Removes a node and its children; not an error if absent but its parent exists. */
    void rm(String path) throws XsException;

    /** Names of the children of a node, sorted. */
    List<String> directory(String path) throws XsException;

    /** The permission list of a node. */
    NodePerms getPerms(String path) throws XsException;

    /** Replaces the permission list of a node. */
    void setPerms(String path, NodePerms perms) throws XsException;

    /** Reads a value as UTF-8. */
    default String readString(String path) throws XsException {
        return new String(read(path), StandardCharsets.UTF_8);
    }

    /** Writes a UTF-8 value. */
    default void write(String path, String value) throws XsException {
        write(path, value.getBytes(StandardCharsets.UTF_8));
    }

    /** True if the node exists (and is readable). */
    default boolean exists(String path) throws XsException {
        try {
            read(path);
            return true;
        } catch (XsException e) {
            if (e.error() == XsError.ENOENT) {
                return false;
            }
            throw e;
        }
    }
}
