package org.paravane.toolstack.xend.xl;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code xl create FILE [key=value...]}: the config file, then overrides
 * that are applied as if appended to the file (xl's semantics). Options are not supported
 * yet and are refused by name.
 *
 * @param file      the config file as given (the launcher makes it absolute)
 * @param overrides {@code key=value} lines
 */
public record XlCreateArgs(String file, List<String> overrides) {

    /** Usage text for errors. */
    public static final String USAGE = "usage: xl create FILE [key=value...]";

    /** Copies the overrides. */
    public XlCreateArgs {
        overrides = List.copyOf(overrides);
    }

    /** Parses the words; IllegalArgumentException names the word that was wrong. */
    public static XlCreateArgs parse(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("xl create: no config file given; " + USAGE);
        }
        String file = null;
        List<String> overrides = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-") && file == null) {
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
        return new XlCreateArgs(file, overrides);
    }
}
