package org.paravane.core.xenbus;

/**
 * Where one split device lives in XenStore (xen-abi-facts §8.9, §5.3): the backend directory
 * {@code /local/domain/<be>/backend/<type>/<fe>/<devid>} and the frontend directory
 * {@code /local/domain/<fe>/device/<type>/<devid>}.
 *
 * @param type          device kind, e.g. {@code vbd}, {@code vif}
 * @param backendDomid  the domain running the backend
 * @param frontendDomid the guest
 * @param devid         the device number within its kind
 */
public record DevicePaths(String type, int backendDomid, int frontendDomid, int devid) {

    /** Validates the kind (a single path component) and the ids ({@code domid_t}, devid ≥ 0). */
    public DevicePaths {
        if (type == null || type.isEmpty() || !type.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("bad device type '" + type + "'");
        }
        checkDomid("backend", backendDomid);
        checkDomid("frontend", frontendDomid);
        if (devid < 0) {
            throw new IllegalArgumentException("bad devid " + devid);
        }
    }

    private static void checkDomid(String what, int domid) {
        if (domid < 0 || domid > 0x7FEF) {
            throw new IllegalArgumentException(what + " domid out of range: " + domid);
        }
    }

    /** A device whose backend runs in dom0. */
    public static DevicePaths inDom0(String type, int frontendDomid, int devid) {
        return new DevicePaths(type, 0, frontendDomid, devid);
    }

    /** {@code /local/domain/<be>/backend/<type>/<fe>/<devid>}. */
    public String backendPath() {
        return "/local/domain/" + backendDomid + "/backend/" + type + "/" + frontendDomid + "/" + devid;
    }

    /** {@code /local/domain/<fe>/device/<type>/<devid>}. */
    public String frontendPath() {
        return "/local/domain/" + frontendDomid + "/device/" + type + "/" + devid;
    }
}
