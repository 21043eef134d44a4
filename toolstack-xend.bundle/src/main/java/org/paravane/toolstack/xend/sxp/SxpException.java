package org.paravane.toolstack.xend.sxp;

/** SXP text that cannot be parsed; says where (line, column, offset) and what was expected. */
public final class SxpException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final int offset;

    /**
     * @param line     1-based line
     * @param column   1-based column
     * @param offset   0-based character offset
     * @param expected what was expected and what was found
     */
    public SxpException(int line, int column, int offset, String expected) {
        super(line + ":" + column + ": " + expected);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    /** 0-based character offset. */
    public int offset() {
        return offset;
    }
}
