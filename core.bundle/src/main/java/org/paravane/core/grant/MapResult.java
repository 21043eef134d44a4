package org.paravane.core.grant;

import java.lang.foreign.MemorySegment;

/**
 * Result of one map_grant_ref element.
 *
 * @param status     GNTST_* (0 = okay)
 * @param handle     the mapping handle for unmap (valid when okay)
 * @param devBusAddr GNTMAP_device_map: the granted frame's guest-physical address
 * @param segment    dom0 mappings: the granted 4 KiB frame (read-only view for read-only
 *                   maps), revoked at unmap; null for guest mappings and failures
 */
public record MapResult(int status, int handle, long devBusAddr, MemorySegment segment) {

    static MapResult failure(int status) {
        return new MapResult(status, 0, 0, null);
    }
}
