package org.paravane.toolstack.xend.config;

import java.util.Locale;

/** MAC address syntax for vif specs: six two-digit hex octets separated by colons. */
public final class MacAddress {

    private MacAddress() {
    }

    /**
     * The address in lowercase.
     *
     * @throws SpecException when {@code text} is not {@code xx:xx:xx:xx:xx:xx}
     */
    public static String normalize(String text) throws SpecException {
        String[] parts = text.split(":", -1);
        boolean ok = parts.length == 6;
        for (int i = 0; ok && i < parts.length; i++) {
            ok = parts[i].length() == 2 && isHex(parts[i].charAt(0)) && isHex(parts[i].charAt(1));
        }
        if (!ok) {
            throw new SpecException("invalid mac '" + text
                    + "': expected six two-digit hex octets separated by ':', e.g. 00:16:3e:12:34:56");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
