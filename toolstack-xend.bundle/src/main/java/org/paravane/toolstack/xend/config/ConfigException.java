package org.paravane.toolstack.xend.config;

/**
 * A config file that cannot be used: a syntax error or an invalid value. Carries where
 * (file, line, column), which key (if the error belongs to one) and what was expected,
 * so a user can fix the file from the message alone.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String key;
    private final String expected;

    /**
     * @param pos      where the offending text starts
     * @param key      the config key the error belongs to, or {@code null} for syntax errors
     * @param expected what was expected, and what was found instead
     */
    public ConfigException(SourcePos pos, String key, String expected) {
        super(format(pos, key, expected));
        this.source = pos.source();
        this.line = pos.line();
        this.column = pos.column();
        this.key = key;
        this.expected = expected;
    }

    private static String format(SourcePos pos, String key, String expected) {
        return pos + ": " + (key == null ? "" : "'" + key + "': ") + expected;
    }

    /** The file name, or {@code <command line>} for an override. */
    public String source() {
        return source;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    /** The key in error, or {@code null} for a syntax error outside any value. */
    public String key() {
        return key;
    }

    /** What was expected (and what was found). */
    public String expected() {
        return expected;
    }
}
