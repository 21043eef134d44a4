package org.paravane.toolstack.xend.xl;

import java.util.List;

/**
 * The arguments of {@code xl shutdown [-w] DOMAIN}.
 *
 * @param waitForIt {@code -w}: return only once the domain is gone
 * @param domain    a domain id or name
 */
public record XlShutdownArgs(boolean waitForIt, String domain) {

    /** Usage text for errors. */
    public static final String USAGE = "usage: xl shutdown [-w] DOMAIN";

    /** Parses the words; IllegalArgumentException names the word that was wrong. */
    public static XlShutdownArgs parse(List<String> args) {
        boolean wait = false;
        String domain = null;
        for (String a : args) {
            if (a.equals("-w")) {
                wait = true;
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("xl shutdown: option '" + a + "' is not available yet; " + USAGE);
            } else if (domain == null) {
                domain = a;
            } else {
                throw new IllegalArgumentException("xl shutdown: unexpected argument '" + a + "'; " + USAGE);
            }
        }
        if (domain == null) {
            throw new IllegalArgumentException("xl shutdown: no domain given; " + USAGE);
        }
        return new XlShutdownArgs(wait, domain);
    }
}
