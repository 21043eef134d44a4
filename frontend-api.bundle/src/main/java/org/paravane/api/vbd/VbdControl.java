package org.paravane.api.vbd;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.config.DiskSpec;

/**
 * The control API of virtual block devices, implemented once by the core. Toolstacks parse
 * their own disk syntax and hand over a {@link DiskSpec}; the backend always runs in dom0.
 */
@ProviderType
public interface VbdControl {

    /**
     * Attaches {@code disk} to domain {@code domid}: opens the storage through the block
     * backend serving its format (so a bad image fails here, naming the file and the
     * problem), writes both xenstore directories (state Initialising) and starts the
     * backend, which goes to InitWait. For {@code domid} 0 a Java blkfront is started too
     * and the device is connected when this returns.
     *
     * @return the new device
     * @throws VbdException naming what was wrong; nothing is left behind
     */
    VbdInfo attach(int domid, DiskSpec disk) throws VbdException;

    /**
     * Detaches a device as libxl does (§5.5): {@code online}=0 and backend Closing, waits
     * (bounded) for the frontend to close, then removes both directories and closes the
     * storage.
     *
     * @throws VbdException if there is no such device
     */
    void detach(int domid, int devid) throws VbdException;

    /** Every device, ordered by domid then devid. */
    List<VbdInfo> list();

    /** The devices of one domain. */
    default List<VbdInfo> list(int domid) {
        return list().stream().filter(v -> v.domid() == domid).toList();
    }

    /** One device, if attached. */
    default Optional<VbdInfo> find(int domid, int devid) {
        return list().stream().filter(v -> v.domid() == domid && v.devid() == devid).findFirst();
    }

    /**
     * The disk of a dom0 local attach: the Java blkfront's view of device {@code devid} of
     * domain 0, for I/O through the full ring path. The caller must not close it (detach does).
     */
    Optional<BlockDisk> localDisk(int devid);

    /** The counters and hot-swap blackouts of one device. */
    Optional<VbdMetrics> metrics(int domid, int devid);
}
