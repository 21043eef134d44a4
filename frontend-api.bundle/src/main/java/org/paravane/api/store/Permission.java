package org.paravane.api.store;

/**
 * One permission entry: an access letter and a domain id, written {@code r5} on the wire.
 *
 * @param access what the domain may do
 * @param domid  the domain (0..65535)
 */
public record Permission(Access access, int domid) {

    /** Validates the domain id range of {@code domid_t}. */
    public Permission {
        if (access == null) {
            throw new IllegalArgumentException("permission access is null");
        }
        if (domid < 0 || domid > 0xFFFF) {
            throw new IllegalArgumentException("permission domid out of range: " + domid);
        }
    }

    /** The wire form, e.g. {@code b0}. */
    public String toWire() {
        return access.letter() + Integer.toString(domid);
    }

    /**
     * Parses the wire form ({@code [nrwb]<decimal domid>}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Permission parse(String s) {
        if (s == null || s.length() < 2 || s.length() > 6) {
            throw new IllegalArgumentException("bad permission entry: '" + s + "'");
        }
        Access a = Access.ofLetter(s.charAt(0));
        if (a == null) {
            throw new IllegalArgumentException("bad permission letter in '" + s + "'");
        }
        int domid = 0;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad permission domid in '" + s + "'");
            }
            domid = domid * 10 + (c - '0');
        }
        return new Permission(a, domid);
    }
}
