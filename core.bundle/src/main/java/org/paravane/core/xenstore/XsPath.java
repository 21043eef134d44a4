package org.paravane.core.xenstore;

import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;

/**
 * Path rules: absolute paths start with '/', relative ones are resolved against the
 * caller's home {@code /local/domain/<domid>} (§8.8). Allowed characters are letters,
 * digits and {@code - / _ @}; no empty components, no trailing '/' except the root.
 * Length limits: 3072 absolute, the relative path-max quota for relative input (§8.1).
 */
public final class XsPath {

    /** Longest absolute path. */
    public static final int ABSOLUTE_MAX = 3072;

    private XsPath() {
    }

    /** The home path of a domain. */
    public static String home(int domid) {
        return "/local/domain/" + domid;
    }

    /** True for the special watch paths {@code @introduceDomain} / {@code @releaseDomain}. */
    public static boolean isSpecial(String p) {
        return p.equals("@introduceDomain") || p.equals("@releaseDomain");
    }

    /**
     * Resolves and validates a node path.
     *
     * @param relativeMax the path-max for relative paths (0 = only the absolute limit)
     * @throws XsException EINVAL naming what is wrong
     */
    public static String resolve(String p, int domid, int relativeMax) throws XsException {
        if (p.isEmpty()) {
            throw new XsException(XsError.EINVAL, "empty path");
        }
        String abs;
        if (p.charAt(0) == '/') {
            abs = p;
        } else {
            if (relativeMax > 0 && p.length() > relativeMax) {
                throw new XsException(XsError.EINVAL, "relative path longer than " + relativeMax);
            }
            abs = home(domid) + "/" + p;
        }
        if (abs.length() > ABSOLUTE_MAX) {
            throw new XsException(XsError.EINVAL, "path longer than " + ABSOLUTE_MAX);
        }
        if (abs.length() > 1 && abs.charAt(abs.length() - 1) == '/') {
            throw new XsException(XsError.EINVAL, "path ends with '/': " + abs);
        }
        for (int i = 0; i < abs.length(); i++) {
            char c = abs.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '@' || c == '/';
            if (!ok) {
                throw new XsException(XsError.EINVAL, "bad character in path at " + i);
            }
            if (c == '/' && i > 0 && abs.charAt(i - 1) == '/') {
                throw new XsException(XsError.EINVAL, "empty path component");
            }
        }
        return abs;
    }

    /** The parent of an absolute path ("/" for top-level nodes, null for "/"). */
    public static String parent(String abs) {
        if (abs.equals("/")) {
            return null;
        }
        int i = abs.lastIndexOf('/');
        return i == 0 ? "/" : abs.substring(0, i);
    }

    /** The last component of an absolute path. */
    public static String leaf(String abs) {
        return abs.substring(abs.lastIndexOf('/') + 1);
    }

    /** {@code parent + "/" + name} without doubling the root slash. */
    public static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    /** True if {@code p} is {@code base} or lies below it. */
    public static boolean isAtOrBelow(String p, String base) {
        if (base.equals("/")) {
            return p.startsWith("/");
        }
        return p.equals(base) || (p.startsWith(base) && p.length() > base.length() && p.charAt(base.length()) == '/');
    }
}
