package org.paravane.backend.vhd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.paravane.api.blk.BlockIoException;

/**
 * Opens an image with its whole parent chain: each differencing image's parent is found
 * through its locators ({@link ParentResolver}), opened read-only, checked against the
 * child's "parent unique id", and attached. A chain that comes back to an image already
 * in it is refused.
 */
public final class VhdChain {

    /** Longest chain accepted, a guard against pathological (but loop-free) chains. */
    public static final int MAX_DEPTH = 256;

    private VhdChain() {}

    /**
     * Opens {@code path} (writable or not) and its parents (always read-only).
     *
     * @throws BlockIoException naming the file and the problem: missing parent, loop,
     *     mismatched parent id, or any problem of an image in the chain
     */
    public static VhdImage open(Path path, boolean writable, SizeSource sizeSource) throws BlockIoException {
        VhdImage top = VhdImage.open(path, writable, sizeSource);
        try {
            List<Path> seen = new ArrayList<>();
            seen.add(realPath(path));
            VhdImage child = top;
            while (child.footer().diskType() == Vhd.TYPE_DIFFERENCING) {
                if (seen.size() > MAX_DEPTH) {
                    throw Vhd.bad(path, "parent chain is longer than " + MAX_DEPTH + " images");
                }
                Path parentPath = find(child);
                Path real = realPath(parentPath);
                if (seen.contains(real)) {
                    StringBuilder chain = new StringBuilder();
                    for (Path p : seen) {
                        chain.append(p).append(" -> ");
                    }
                    throw Vhd.bad(child.path(), "parent chain loop: " + chain + real);
                }
                seen.add(real);
                VhdImage parent = VhdImage.open(parentPath, false, sizeSource);
                child.attachParent(parent);
                if (!parent.footer().uniqueId().equals(child.header().parentUniqueId())) {
                    throw Vhd.bad(child.path(), "parent " + parentPath + " has unique id "
                            + parent.footer().uniqueId() + " but the header names parent id "
                            + child.header().parentUniqueId());
                }
                child = parent;
            }
            return top;
        } catch (BlockIoException | RuntimeException e) {
            top.close();
            throw e;
        }
    }

    private static Path find(VhdImage child) throws BlockIoException {
        List<Path> candidates;
        try {
            candidates = ParentResolver.candidates(child);
        } catch (IOException e) {
            throw Vhd.io(child.path(), "reading parent locators", e);
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw new BlockIoException(BlockIoException.Kind.NOT_FOUND, child.path() + ": parent image not found"
                + " (parent name \"" + child.header().parentName() + "\", tried " + candidates + ")");
    }

    private static Path realPath(Path p) throws BlockIoException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw Vhd.io(p, "resolving the path", e);
        }
    }
}
