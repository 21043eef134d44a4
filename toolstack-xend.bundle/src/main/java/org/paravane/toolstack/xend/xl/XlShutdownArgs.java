package org.paravane.toolstack.xend.xl;

import java.util.List;

/**
 * The arguments of {@code xl shutdown [-w] DOMAIN} and {@code xl reboot [-w] DOMAIN}.
 *
 * @param waitForIt {@code -w}: return only once the domain is gone (or, for reboot, replaced)
 * @param domain    a domain id or name
 */
public record XlShutdownArgs(boolean waitForIt, String domain) {

    /** Usage text for errors. */
    public static final String USAGE = "usage: xl shutdown [-w] DOMAIN";

    /** Parses {@code xl shutdown}'s words; IllegalArgumentException names the word that was wrong. */
    public static XlShutdownArgs parse(List<String> args) {
        return parse("shutdown", args);
    }

    /** Parses the words of {@code xl CMD [-w] DOMAIN}. */
    public static XlShutdownArgs parse(String cmd, List<String> args) {
        String usage = "usage: xl " + cmd + " [-w] DOMAIN";
        boolean wait = false;
        String domain = null;
        for (String a : args) {
            if (a.equals("-w")) {
                wait = true;
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("xl " + cmd + ": option '" + a + "' is not available yet; " + usage);
            } else if (domain == null) {
                domain = a;
            } else {
                throw new IllegalArgumentException("xl " + cmd + ": unexpected argument '" + a + "'; " + usage);
            }
        }
        if (domain == null) {
            throw new IllegalArgumentException("xl " + cmd + ": no domain given; " + usage);
        }
        return new XlShutdownArgs(wait, domain);
    }
}
