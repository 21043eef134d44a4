package org.paravane.api.config;

/** The {@code devtype} of a disk spec. */
public enum DiskDeviceType {
    DISK, CDROM
}
