package org.paravane.api.config;

import java.util.Locale;

/** The {@code format} of a disk spec (xl-disk-configuration(5)). */
public enum DiskFormat {
    RAW, QCOW, QCOW2, VHD, QED,
    /** No medium: an empty cdrom drive. */
    EMPTY;

    /** The spelling used in disk specs, e.g. {@code "qcow2"}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format for a disk-spec spelling, or {@code null} when it is not one. */
    public static DiskFormat fromConfigName(String text) {
        for (DiskFormat f : values()) {
            if (f.configName().equals(text)) {
                return f;
            }
        }
        return null;
    }
}
