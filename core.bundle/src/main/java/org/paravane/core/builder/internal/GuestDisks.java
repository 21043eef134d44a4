package org.paravane.core.builder.internal;

import java.io.IOException;
import java.util.List;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdException;
import org.paravane.api.vbd.VbdInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disks of a guest built by the launch path: attached while the domain is paused (so
 * the guest finds {@code device/vbd/<devid>} at boot) and detached once it is gone. A
 * domain that no longer runs cannot close its frontend, so its frontend directory is
 * removed first (what libxl does when it destroys a domain's devices, facts §5.5); the
 * backend then sees the frontend gone and closes without waiting for it.
 */
final class GuestDisks {

    private static final Logger LOG = LoggerFactory.getLogger(GuestDisks.class);

    /** A disk could not be attached; the message names the disk and the problem. */
    static final class DiskAttachException extends IOException {
        private static final long serialVersionUID = 1L;

        DiskAttachException(String message, Throwable cause) {
            super(message, cause);
        }

        DiskAttachException(String message) {
            super(message);
        }
    }

    private final VbdControl vbd;
    private final XenStore store;

    /** {@code vbd} may be null: then a request with disks fails with a clear message. */
    GuestDisks(VbdControl vbd, XenStore store) {
        this.vbd = vbd;
        this.store = store;
    }

    /**
     * Attaches {@code disks} to the paused domain {@code domid}, in order. On a failure the
     * disks attached so far are detached again and an IOException names the disk (its
     * vdev and target) and the problem; the caller destroys the domain.
     */
    void attachAll(int domid, List<DiskSpec> disks) throws DiskAttachException {
        if (disks.isEmpty()) {
            return;
        }
        if (vbd == null) {
            throw new DiskAttachException("disk " + disks.getFirst().vdev() + ": the block device service (blkback) is "
                    + "not running");
        }
        for (DiskSpec d : disks) {
            try {
                vbd.attach(domid, d);
            } catch (VbdException | RuntimeException e) {
                detachAll(domid);
                throw new DiskAttachException("disk " + d.vdev() + " (target '" + d.target() + "'): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Detaches every device of {@code domid}, a domain that was destroyed or is about to be
     * rebuilt. Failures are logged: the domain is gone either way.
     */
    void detachAll(int domid) {
        if (vbd == null) {
            return;
        }
        for (VbdInfo v : vbd.list(domid)) {
            try {
                if (store != null && store.exists(v.frontendPath())) {
                    store.rm(v.frontendPath());
                }
            } catch (XsException e) {
                LOG.debug("vbd {}/{}: removing the frontend directory: {}", domid, v.devid(), e.getMessage());
            }
            try {
                vbd.detach(domid, v.devid());
            } catch (VbdException e) {
                LOG.debug("vbd {}/{}: already detached: {}", domid, v.devid(), e.getMessage());
            }
        }
    }
}
