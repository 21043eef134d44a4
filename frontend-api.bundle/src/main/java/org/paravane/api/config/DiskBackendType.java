package org.paravane.api.config;

import java.util.Locale;

/** The {@code backendtype} of a disk spec; {@link #AUTO} when the spec does not say. */
public enum DiskBackendType {
    /** Chosen by the toolstack from format and target. */
    AUTO,
    /** Kernel block backend; raw only. */
    PHY,
    /** QEMU's qdisk backend. */
    QDISK,
    /** Raw-only backend with no toolstack involvement. */
    STANDALONE,
    /** blktap (tapback). */
    TAP;

    /** The spelling used in disk specs; {@code AUTO} has none and returns {@code null}. */
    public String configName() {
        return this == AUTO ? null : name().toLowerCase(Locale.ROOT);
    }

    /** The backend type for a spelling, or {@code null} when it is not one. */
    public static DiskBackendType fromConfigName(String text) {
        for (DiskBackendType t : values()) {
            if (t != AUTO && t.configName().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
