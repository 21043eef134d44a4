package org.paravane.api.config;

/** The {@code specification} of a disk spec: which frontend protocol the guest sees. */
public enum DiskSpecification {
    XEN, VIRTIO
}
