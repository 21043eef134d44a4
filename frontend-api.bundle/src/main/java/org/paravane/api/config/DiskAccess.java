package org.paravane.api.config;

/** The {@code access} of a disk spec: {@code r}/{@code ro} or {@code w}/{@code rw}. */
public enum DiskAccess {
    READ_ONLY("r"),
    READ_WRITE("w");

    private final String mode;

    DiskAccess(String mode) {
        this.mode = mode;
    }

    /** The one-letter xend vbd {@code mode}: {@code r} or {@code w}. */
    public String mode() {
        return mode;
    }

    /** The access for a spelling ({@code r ro w rw}), or {@code null} when it is not one. */
    public static DiskAccess fromConfigName(String text) {
        return switch (text == null ? "" : text) {
            case "r", "ro" -> READ_ONLY;
            case "w", "rw" -> READ_WRITE;
            default -> null;
        };
    }
}
