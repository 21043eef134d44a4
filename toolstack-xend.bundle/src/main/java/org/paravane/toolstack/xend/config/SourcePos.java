package org.paravane.toolstack.xend.config;

/**
 * A place in a config source: file name (or {@code <command line>}), 1-based line and column.
 */
public record SourcePos(String source, int line, int column) {

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
