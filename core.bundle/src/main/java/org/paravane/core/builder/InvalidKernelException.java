package org.paravane.core.builder;

/**
 * A kernel image the builder refuses: names the file, the ELF field that is wrong and why.
 */
public final class InvalidKernelException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;

    /** A refusal of {@code file} because of {@code field}. */
    public InvalidKernelException(String file, String field, String detail) {
        super("kernel '" + file + "': " + field + ": " + detail);
        this.file = file;
        this.field = field;
    }

    /** The kernel file (or name) given to the builder. */
    public String file() {
        return file;
    }

    /** The ELF header or program-header field at fault, e.g. {@code e_machine}. */
    public String field() {
        return field;
    }
}
