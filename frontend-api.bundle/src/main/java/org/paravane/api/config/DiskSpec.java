package org.paravane.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed DISKSPEC of a {@code disk = [...]} list (xl-disk-configuration(5)).
 *
 * @param target        the backend's view of the storage: image path, device, or opaque
 *                      data for {@code script}; kept exactly as written ({@code ""} for an
 *                      empty cdrom drive)
 * @param format        the image format ({@link DiskFormat#EMPTY} only for an empty cdrom)
 * @param vdev          the guest-visible name as written, e.g. {@code xvda}, {@code hdc}
 * @param vdevNumber    Xen's virtual-device number for {@code vdev}
 *                      (xen-vbd-interface(7)); e.g. 51712 for {@code xvda}
 * @param access        read-only or read-write
 * @param devtype       disk or cdrom
 * @param backendType   the requested backend kind, {@link DiskBackendType#AUTO} by default
 * @param backendDomain name of the domain serving the backend, {@code null} for dom0
 * @param script        the block hotplug script ({@code block-iscsi} ...), or {@code null}
 * @param specification the frontend protocol
 * @param directIoSafe  the {@code direct-io-safe} flag
 * @param discard       {@code discard} (default) or {@code no-discard}
 * @param trusted       {@code trusted} (default) or {@code untrusted}
 * @param otherKeys     further documented keys kept verbatim (COLO keys, grant_usage)
 */
public record DiskSpec(
        String target,
        DiskFormat format,
        String vdev,
        int vdevNumber,
        DiskAccess access,
        DiskDeviceType devtype,
        DiskBackendType backendType,
        String backendDomain,
        String script,
        DiskSpecification specification,
        boolean directIoSafe,
        boolean discard,
        boolean trusted,
        Map<String, String> otherKeys) {

    /** Checks the non-null fields and freezes the map. */
    public DiskSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(vdev, "vdev");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(devtype, "devtype");
        Objects.requireNonNull(backendType, "backendType");
        Objects.requireNonNull(specification, "specification");
        // insertion order is kept so printers (SXP, xenstore) are deterministic
        otherKeys = Collections.unmodifiableMap(new LinkedHashMap<>(otherKeys == null ? Map.of() : otherKeys));
    }

    /** True for a read-only disk. */
    public boolean readOnly() {
        return access == DiskAccess.READ_ONLY;
    }

    /** True for a cdrom drive. */
    public boolean cdrom() {
        return devtype == DiskDeviceType.CDROM;
    }
}
