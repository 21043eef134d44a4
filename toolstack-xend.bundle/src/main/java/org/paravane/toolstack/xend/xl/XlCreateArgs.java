package org.paravane.toolstack.xend.xl;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code xl create [-p] [-c] FILE [key=value...]}: the options, the
 * config file, then overrides applied as if appended to the file (xl's semantics).
 *
 * @param paused    {@code -p}: leave the domain paused
 * @param console   {@code -c}: attach the console after creating (the command-line client
 *                  does this: it creates paused, attaches, then unpauses)
 * @param file      the config file as given (the client makes it absolute)
 * @param overrides {@code key=value} lines
 */
public record XlCreateArgs(boolean paused, boolean console, String file, List<String> overrides) {

    /** Usage text for errors. */
    public static final String USAGE = "usage: xl create [-p] [-c] FILE [key=value...]";

    /** Copies the overrides. */
    public XlCreateArgs {
        overrides = List.copyOf(overrides);
    }

    /** Parses the words; IllegalArgumentException names the word that was wrong. */
    public static XlCreateArgs parse(List<String> args) {
        boolean paused = false;
        boolean console = false;
        String file = null;
        List<String> overrides = new ArrayList<>();
        for (String a : args) {
            if (file == null && (a.equals("-p") || a.equals("-c") || a.equals("-pc") || a.equals("-cp"))) {
                paused |= a.contains("p");
                console |= a.contains("c");
            } else if (a.startsWith("-") && file == null) {
                throw new IllegalArgumentException("xl create: option '" + a + "' is not available yet; " + USAGE);
            } else if (file == null) {
                file = a;
            } else if (a.indexOf('=') > 0) {
                overrides.add(a);
            } else {
                throw new IllegalArgumentException("xl create: '" + a + "' is not a key=value override; " + USAGE);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("xl create: no config file given; " + USAGE);
        }
        return new XlCreateArgs(paused, console, file, overrides);
    }
}
