package org.paravane.api.vbd;

import java.util.Objects;

/**
 * One attached virtual block device.
 *
 * @param domid        the frontend domain
 * @param devid        the device id: Xen's {@code virtual-device} number (51712 for xvda)
 * @param vdev         the guest-visible name, e.g. {@code xvda}
 * @param backendPath  {@code /local/domain/0/backend/vbd/<domid>/<devid>}
 * @param frontendPath {@code /local/domain/<domid>/device/vbd/<devid>}
 * @param state        the backend device's state
 * @param format       the lower-case image format, e.g. {@code vhd}
 * @param target       the image path or device
 * @param readOnly     attached read-only
 * @param sectors      size in 512-byte sectors
 */
public record VbdInfo(int domid, int devid, String vdev, String backendPath, String frontendPath, VbdState state,
        String format, String target, boolean readOnly, long sectors) {

    /** Checks the references are present. */
    public VbdInfo {
        Objects.requireNonNull(vdev, "vdev");
        Objects.requireNonNull(backendPath, "backendPath");
        Objects.requireNonNull(frontendPath, "frontendPath");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(target, "target");
    }
}
