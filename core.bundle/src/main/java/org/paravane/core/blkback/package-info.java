/**
 * The blkback protocol engine (xen-abi-facts §5, docs/abi.md §10-11, docs/blkif.md): the vbd
 * backend handshake over {@link org.paravane.core.xenbus}, ring processing that copies each
 * request once before checking it, the device state machine with hot-swap (suspend, park,
 * reopen, replay) and per-device isolation, and {@link org.paravane.core.blkback.VbdManager},
 * the pure implementation of the toolstacks' {@link org.paravane.api.vbd.VbdControl}.
 * Plain Java, no OSGi.
 */
package org.paravane.core.blkback;
