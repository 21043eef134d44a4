package org.paravane.core.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;

/**
 * Strict parsing of request payloads: every string argument must be NUL-terminated, and a
 * request must carry exactly the arguments its type takes (C xenstored's onearg /
 * get_strings rules). Anything else is EINVAL, never an exception escaping the daemon.
 */
final class WireArgs {

    private WireArgs() {
    }

    /** Exactly {@code min..max} NUL-terminated strings and nothing after them. */
    static List<String> strings(byte[] p, int min, int max) throws XsException {
        if (p.length == 0 || p[p.length - 1] != 0) {
            throw new XsException(XsError.EINVAL, "argument not NUL-terminated");
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                out.add(new String(p, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (out.size() < min || out.size() > max) {
            throw new XsException(XsError.EINVAL, "expected " + min + ".." + max + " arguments, got " + out.size());
        }
        return out;
    }

    /** One NUL-terminated string (the common case of READ, DIRECTORY, ...: no list built). */
    static String one(byte[] p) throws XsException {
        int n = p.length - 1;
        if (n < 0 || p[n] != 0) {
            throw new XsException(XsError.EINVAL, "argument not NUL-terminated");
        }
        for (int i = 0; i < n; i++) {
            if (p[i] == 0) {
                throw new XsException(XsError.EINVAL, "expected 1..1 arguments, got more");
            }
        }
        return new String(p, 0, n, StandardCharsets.UTF_8);
    }

    /** Index of the first NUL, or EINVAL. */
    static int firstNul(byte[] p) throws XsException {
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                return i;
            }
        }
        throw new XsException(XsError.EINVAL, "missing NUL after path");
    }

    /** A decimal domain id (0..65535). */
    static int domid(String s) throws XsException {
        long v = decimal(s, 5);
        if (v > 0xFFFF) {
            throw new XsException(XsError.EINVAL, "domid out of range: " + s);
        }
        return (int) v;
    }

    /** A non-negative decimal of at most {@code digits} digits. */
    static long decimal(String s, int digits) throws XsException {
        if (s.isEmpty() || s.length() > digits) {
            throw new XsException(XsError.EINVAL, "bad number: '" + s + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new XsException(XsError.EINVAL, "bad number: '" + s + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A signed decimal (INTRODUCE's gfn is signed, §8.8). */
    static long signed(String s) throws XsException {
        if (s.startsWith("-")) {
            return -decimal(s.substring(1), 19);
        }
        return decimal(s, 19);
    }
}
