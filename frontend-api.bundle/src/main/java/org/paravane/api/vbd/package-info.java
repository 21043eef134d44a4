/**
 * Virtual block devices (vbd) for toolstacks: attach a disk described by a parsed
 * {@link org.paravane.api.config.DiskSpec} to a domain, detach it, list the devices and
 * their hot-swap figures. Attaching writes the backend and frontend xenstore directories
 * as libxl does (xen-abi-facts §5.3) and starts the core's blkback for the device; for
 * domain 0 it also starts a Java blkfront ("local attach") whose disk is offered as a
 * {@link org.paravane.api.blk.BlockDisk}. See docs/blkif.md.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.vbd;
